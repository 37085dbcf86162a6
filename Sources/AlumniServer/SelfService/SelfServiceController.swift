import AlumniCore
import AlumniMail
import AlumniStore
import AlumniWeb
import Foundation
import HTTPTypes
import Hummingbird

/// The pages people reach from links in our messages, without logging in: one-click
/// unsubscribe (RFC 8058: a POST to the link unsubscribes, a GET asks first) and the
/// preference page. Every link is signed, is good for its own page only, and expires; a
/// tampered one, or one used for the other page, is refused with 403, an expired or revoked
/// one with 410. The preference form is accepted from our own pages only (`Origin`); the
/// one-click unsubscribe is not checked, as RFC 8058 has mail programs post it.
struct SelfServiceController {
    let database: AlumniDatabase
    /// The key links are signed with.
    let key: Data
    /// Writes the e-mail with a fresh preference link; nil when the server sends no mail.
    let preferenceLinks: (any PreferenceLinkRenderer)?

    func addRoutes(to router: RouterGroup<AlumniRequestContext>) {
        router.get("unsubscribe/:token") { _, context in
            try respond(context, .unsubscribe) { link, token in
                guard let topic = link.topic else { throw Refused.wrongPage }
                return .page(SelfServicePages.confirmUnsubscribe(topic: topic, token: token))
            }
        }
        router.post("unsubscribe/:token") { request, context in
            let body = try await JSONBody.collect(request, context: context)
            return try respond(context, .unsubscribe) { link, token in
                guard let topic = link.topic else { throw Refused.wrongPage }
                try UnsubscribeForm.check(String(buffer: body))
                try database.unsubscribe(
                    personId: link.personId, topic: topic,
                    source: Campaign.unsubscribeSource(campaignId: link.campaignId))
                context.logger.info("unsubscribed", metadata: ["topic": .string(topic.rawValue)])
                return .page(SelfServicePages.unsubscribed(topic: topic, token: token))
            }
        }
        // An unsubscribe link opens nothing else, but its page offers to e-mail a fresh
        // preference link to the person's own address: whoever holds a forwarded message
        // gets nothing from it.
        router.post("unsubscribe/:token/preference-link") { request, context in
            try respond(context, .unsubscribe) { link, _ in
                guard SameOrigin.check(request) else { throw Refused.otherOrigin }
                if let preferenceLinks {
                    try database.sendPreferenceLink(personId: link.personId, renderer: preferenceLinks)
                }
                return .page(SelfServicePages.preferenceLinkSent)
            }
        }
        // "Keep me on the list", from a warning before an erasure for inactivity: a GET asks
        // (mail scanners follow links), a POST records the person's wish as their contact.
        router.get("keep/:token") { _, context in
            try respond(context, .keep) { _, token in .page(SelfServicePages.confirmKeep(token: token)) }
        }
        router.post("keep/:token") { request, context in
            try respond(context, .keep) { link, _ in
                guard SameOrigin.check(request) else { throw Refused.otherOrigin }
                try database.keepInTouch(personId: link.personId)
                return .page(SelfServicePages.kept)
            }
        }
        router.get("preferences/:token") { _, context in
            try respond(context, .preferences) { link, token in
                try preferencesPage(personId: link.personId, token: token, saved: nil)
            }
        }
        router.post("preferences/:token") { request, context in
            let body = try await JSONBody.collect(request, context: context)
            return try respond(context, .preferences) { link, token in
                guard SameOrigin.check(request) else { throw Refused.otherOrigin }
                let choice = try PreferenceForm.choice(from: String(buffer: body))
                let notDone = try database.applyPreferenceChoice(
                    personId: link.personId, choice, source: "preference page")
                return try preferencesPage(personId: link.personId, token: token, saved: notDone)
            }
        }
    }

    private enum Refused: Error {
        /// A link made for the other page.
        case wrongPage
        /// A form posted from another site.
        case otherOrigin
    }

    private func preferencesPage(personId: Int64, token: String, saved: PreferenceChoice.NotDone?) throws
        -> APIResponse
    {
        let own = try database.ownPreferences(personId: personId)
        return .page(
            SelfServicePages.preferences(name: own.greeting, current: own.preferences, token: token, saved: saved))
    }

    /// Checks the link — genuine, for this page, not expired, of the person's current link
    /// version — then answers with `handle`; refusals become small pages, not JSON.
    private func respond(
        _ context: AlumniRequestContext, _ purpose: SignedLink.Purpose,
        _ handle: (SignedLink, String) throws -> APIResponse
    ) throws -> APIResponse {
        let token = context.parameters.get("token") ?? ""
        do {
            let link = try SignedLink.verify(token, key: key, now: database.clock.now())
            guard link.purpose == purpose else { throw Refused.wrongPage }
            guard link.version == (try database.linkVersion(personId: link.personId)) else {
                return .refusal(.gone, "This link no longer works. The newest email from us has a fresh one.")
            }
            return try handle(link, token)
        } catch SignedLink.Refusal.expired {
            return .refusal(.gone, "This link has expired. The newest email from us has a fresh one.")
        } catch SignedLink.Refusal.invalid, Refused.wrongPage {
            return .refusal(.forbidden, "This link is not valid. Please use the link exactly as it was in the email.")
        } catch Refused.otherOrigin {
            return .refusal(.forbidden, "This form can only be sent from our own page.")
        } catch StoreError.notFound {
            return .refusal(.gone, "This link no longer works.")
        } catch let failure as ValidationFailure {
            return .refusal(.badRequest, failure.description)
        }
    }
}

extension APIResponse {
    /// An HTML page.
    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> APIResponse {
        APIResponse(
            status: status,
            headers: [
                "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                // No other site may frame these pages (a forged click on "unsubscribe"); no script runs.
                "Content-Security-Policy": "frame-ancestors 'none'; script-src 'none'; form-action 'self'",
            ],
            body: Data(html.utf8))
    }

    /// A page that explains why a link was refused.
    static func refusal(_ status: HTTPResponse.Status, _ reason: String) -> APIResponse {
        page(SelfServicePages.refused(title: "Sorry", reason), status: status)
    }
}
