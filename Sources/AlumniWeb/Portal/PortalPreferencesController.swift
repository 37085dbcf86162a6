import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// "My preferences": which topics the person hears about on which channel, and
/// do-not-contact. Signed in, the person may turn things on as well as off.
struct PortalPreferencesController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("preferences") { request, context in
            let session = try context.requirePortalSession()
            return try await page(request, session, saved: request.uri.queryParameters["saved"] != nil)
        }
        group.post("preferences") { request, context in
            let session = try context.requirePortalSession()
            let form = try await DeskForm.checked(request, context, token: session.csrfToken)
            var granted: Set<ConsentKey> = []
            for value in form.all("consent") {
                let names = value.split(separator: ".").map(String.init)
                guard names.count == 2, let topic = ContactTopic(rawValue: names[0]),
                    let channel = ContactChannel(rawValue: names[1])
                else { throw DeskError.badInput(field: "consent", reason: "'\(value)' is not a topic.channel pair") }
                granted.insert(ConsentKey(topic, channel))
            }
            try await store.applyPortalPreferences(
                personId: session.personId,
                PreferenceChoice(granted: granted, language: nil, doNotContact: form["do_not_contact"] == "on"))
            return Response.redirect(to: "/my/preferences?saved", type: .normal)
        }
    }

    private func page(_ request: Request, _ session: PortalSession, saved: Bool) async throws -> Response {
        let catalog = pages.catalog(for: request, session: session)
        let current = try await store.portalPreferences(personId: session.personId)
        let channels = ContactChannel.allCases
        return try pages.page(
            "preferences", title: "preferences.title", for: request, session: session,
            [
                "channels": PageValue.list(channels.map { ["label": catalog("channel.\($0.rawValue)")] }),
                "topics": PortalPreferenceValues.topics(current, catalog, onlyGranted: false),
                "doNotContact": current.doNotContact, "saved": saved, "nav": ["preferences": true],
            ])
    }
}

/// The topics by channel of a preference page, as rows of checkboxes.
enum PortalPreferenceValues {
    /// With `onlyGranted` (a page reached by a link, which may only take consent away), boxes
    /// not ticked now cannot be ticked.
    static func topics(_ current: ContactPreferences, _ catalog: Catalog, onlyGranted: Bool) -> PageValue {
        .list(
            ContactTopic.allCases.map { topic in
                let name = catalog("contactTopic.\(topic.rawValue)")
                return [
                    "label": name,
                    "cells": PageValue.list(
                        ContactChannel.allCases.map { channel in
                            let granted = current.allowsIgnoringDoNotContact(topic, on: channel)
                            return [
                                "value": "\(topic.rawValue).\(channel.rawValue)",
                                "label": catalog(
                                    "preferences.cell",
                                    ["topic": name, "channel": catalog("channel.\(channel.rawValue)")]),
                                "checked": granted, "disabled": onlyGranted && !granted,
                            ]
                        }),
                ]
            })
    }
}
