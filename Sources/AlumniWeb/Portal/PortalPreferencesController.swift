import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// "My preferences": which topics the person hears about on which channel, and
/// do-not-contact. Signed in, the person may turn things on as well as off.
struct PortalPreferencesController<Context: PortalRequestContext>: Sendable {
    let database: AlumniDatabase
    let pages: PortalPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("preferences") { request, context in
            let session = try context.requirePortalSession()
            return try page(request, session, saved: request.uri.queryParameters["saved"] != nil)
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
            try database.applyPortalPreferences(
                personId: session.personId,
                PreferenceChoice(granted: granted, language: nil, doNotContact: form["do_not_contact"] == "on"))
            return Response.redirect(to: "/my/preferences?saved", type: .normal)
        }
    }

    private func page(_ request: Request, _ session: PortalSession, saved: Bool) throws -> Response {
        let catalog = pages.catalog(for: request, session: session)
        let current = try database.portalPreferences(personId: session.personId)
        let channels = ContactChannel.allCases
        return try pages.page(
            "preferences", title: "preferences.title", for: request, session: session,
            [
                "channels": PageValue.list(channels.map { ["label": catalog("channel.\($0.rawValue)")] }),
                "topics": PageValue.list(
                    ContactTopic.allCases.map { topic in
                        [
                            "label": catalog("contactTopic.\(topic.rawValue)"),
                            "cells": PageValue.list(
                                channels.map { channel in
                                    [
                                        "value": "\(topic.rawValue).\(channel.rawValue)",
                                        "label": catalog(
                                            "preferences.cell",
                                            [
                                                "topic": catalog("contactTopic.\(topic.rawValue)"),
                                                "channel": catalog("channel.\(channel.rawValue)"),
                                            ]),
                                        "checked": current.allowsIgnoringDoNotContact(topic, on: channel),
                                    ]
                                }),
                        ]
                    }),
                "doNotContact": current.doNotContact, "saved": saved, "nav": ["preferences": true],
            ])
    }
}
