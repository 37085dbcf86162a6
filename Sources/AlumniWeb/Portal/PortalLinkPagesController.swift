import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird

/// The portal's pages that people reach from links in our messages without signing in:
/// one-click unsubscribe (RFC 8058: a POST to the link unsubscribes, a GET asks first), the
/// preference page, and "keep me on the list". Each is in the person's language. Every link is
/// signed, is good for its own page only, and expires; a tampered one, or one used for another
/// page, is refused with 403, an expired or revoked one with 410. The preference form is
/// accepted from our own pages only (`Origin`); the one-click unsubscribe is not checked, as
/// RFC 8058 has mail programs post it.
struct PortalLinkPagesController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages
    /// The key links are signed with.
    let key: LinkKey
    /// Writes the e-mail with a fresh preference link; nil when the server sends no mail.
    let preferenceLinks: (any PreferenceLinkRenderer)?

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("unsubscribe/:token") { request, context in
            try await respond(request, context, .unsubscribe) { link, token, person in
                try unsubscribePage(request, person, link: link, token: token, done: false)
            }
        }
        group.post("unsubscribe/:token") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            return try await respond(request, context, .unsubscribe) { link, token, person in
                guard let topic = link.topic else { throw Refused.invalid }
                try UnsubscribeForm.check(String(buffer: body))
                try await store.unsubscribe(
                    personId: link.personId, topic: topic,
                    source: Campaign.unsubscribeSource(campaignId: link.campaignId))
                context.logger.info("unsubscribed", metadata: ["topic": .string(topic.rawValue)])
                return try unsubscribePage(request, person, link: link, token: token, done: true)
            }
        }
        // An unsubscribe link opens nothing else, but its page offers to e-mail a fresh
        // preference link to the person's own address: whoever holds a forwarded message
        // gets nothing from it.
        group.post("unsubscribe/:token/preference-link") { request, context in
            try await respond(request, context, .unsubscribe) { link, _, person in
                guard SameOrigin.check(request) else { throw Refused.otherOrigin }
                if let preferenceLinks {
                    try await store.sendPreferenceLink(personId: link.personId, renderer: preferenceLinks)
                }
                return try message(request, person, title: "linkSent.title", text: "linkSent.detail")
            }
        }
        // "Keep me on the list", from a warning before an erasure for inactivity: a GET asks
        // (mail scanners follow links), a POST records the person's wish as their contact.
        group.get("keep/:token") { request, context in
            try await respond(request, context, .keep) { _, token, person in
                try pages.page(
                    "keep", title: "keep.title", for: request, session: nil, known: person.fields.language,
                    ["action": "/keep/\(token)"])
            }
        }
        group.post("keep/:token") { request, context in
            try await respond(request, context, .keep) { link, _, person in
                guard SameOrigin.check(request) else { throw Refused.otherOrigin }
                try await store.keepInTouch(personId: link.personId)
                return try message(request, person, title: "kept.title", text: "kept.detail")
            }
        }
        group.get("preferences/:token") { request, context in
            try await respond(request, context, .preferences) { link, token, _ in
                try await preferencesPage(request, personId: link.personId, token: token, saved: nil)
            }
        }
        group.post("preferences/:token") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            return try await respond(request, context, .preferences) { link, token, _ in
                guard SameOrigin.check(request) else { throw Refused.otherOrigin }
                let choice = try PreferenceForm.choice(from: String(buffer: body))
                let notDone = try await store.applyPreferenceChoice(
                    personId: link.personId, choice, source: "preference page")
                return try await preferencesPage(request, personId: link.personId, token: token, saved: notDone)
            }
        }
    }

    private enum Refused: Error {
        /// Not a link we made, or one made for another page.
        case invalid
        /// A form posted from another site.
        case otherOrigin
    }

    /// A short page that says what happened, titled and worded by catalog keys.
    private func message(_ request: Request, _ person: Person, title: String, text: String) throws -> Response {
        let catalog = pages.catalog(for: request, session: nil, known: person.fields.language)
        return try pages.page(
            "link-message", title: title, for: request, session: nil, known: person.fields.language,
            ["message": catalog(text)])
    }

    private func unsubscribePage(
        _ request: Request, _ person: Person, link: SignedLink, token: String, done: Bool
    ) throws -> Response {
        guard let topic = link.topic else { throw Refused.invalid }
        let catalog = pages.catalog(for: request, session: nil, known: person.fields.language)
        return try pages.page(
            "unsubscribe", title: done ? "unsubscribe.doneTitle" : "unsubscribe.title", for: request, session: nil,
            known: person.fields.language,
            [
                "done": done, "topic": catalog("contactTopic.\(topic.rawValue)"), "action": "/unsubscribe/\(token)",
                "linkAction": "/unsubscribe/\(token)/preference-link",
            ])
    }

    private func preferencesPage(
        _ request: Request, personId: Int64, token: String, saved: PreferenceChoice.NotDone?
    ) async throws -> Response {
        let own = try await store.ownPreferences(personId: personId)
        let current = own.preferences
        let catalog = pages.catalog(for: request, session: nil, known: current.language)
        return try pages.page(
            "link-preferences", title: "preferences.title", for: request, session: nil, known: current.language,
            [
                "hello": catalog("linkPreferences.hello", ["name": own.greeting]), "action": "/preferences/\(token)",
                "saved": saved != nil, "needsConfirmation": saved?.isEmpty == false,
                "channels": PageValue.list(
                    ContactChannel.allCases.map { ["label": catalog("channel.\($0.rawValue)")] }),
                "topics": PortalPreferenceValues.topics(current, catalog, onlyGranted: true),
                "languages": PageValue.list(
                    Language.allCases.map { language in
                        [
                            "value": language.rawValue, "label": language.nativeName,
                            "selected": language == current.language,
                        ]
                    }),
                "doNotContact": current.doNotContact,
            ])
    }

    /// Checks the link — genuine, for this page, not expired, of the person's current link
    /// version — then answers with `handle`; refusals become pages in the person's language
    /// when the link names them, else in the browser's.
    private func respond(
        _ request: Request, _ context: Context, _ purpose: SignedLink.Purpose,
        _ handle: (SignedLink, String, Person) async throws -> Response
    ) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        var person: Person?
        do {
            let link = try SignedLink.verify(token, key: try await key.value(), now: store.clock.now())
            guard link.purpose == purpose else { throw Refused.invalid }
            guard link.version == (try await store.linkVersion(personId: link.personId)) else {
                return try refused(request, .gone, "refused.revoked", person: nil)
            }
            person = try await store.portalPerson(personId: link.personId)
            return try await handle(link, token, person!)
        } catch SignedLink.Refusal.expired {
            return try refused(request, .gone, "refused.expired", person: nil)
        } catch SignedLink.Refusal.invalid, Refused.invalid {
            return try refused(request, .forbidden, "refused.invalid", person: person)
        } catch Refused.otherOrigin {
            return try refused(request, .forbidden, "refused.otherOrigin", person: person)
        } catch StoreError.notFound {
            return try refused(request, .gone, "refused.revoked", person: nil)
        } catch let failure as ValidationFailure {
            return try pages.page(
                "error", title: "error.badInput", for: request, session: nil, known: person?.fields.language,
                status: .badRequest, ["message": failure.description, "home": "/my/sign-in"])
        }
    }

    private func refused(_ request: Request, _ status: HTTPResponse.Status, _ reason: String, person: Person?) throws
        -> Response
    {
        let catalog = pages.catalog(for: request, session: nil, known: person?.fields.language)
        return try pages.page(
            "error", title: "refused.title", for: request, session: nil, known: person?.fields.language,
            status: status, ["message": catalog(reason), "home": "/my/sign-in"])
    }
}
