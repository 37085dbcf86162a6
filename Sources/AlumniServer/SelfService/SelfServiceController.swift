import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird

/// The pages people reach from links in our messages, without logging in: one-click
/// unsubscribe (RFC 8058: a POST to the link unsubscribes, a GET asks first) and the
/// preference page. Every link is signed and expires; a tampered one is refused with 403, an
/// expired one with 410.
struct SelfServiceController {
    let database: AlumniDatabase
    /// The key links are signed with.
    let key: Data

    func addRoutes(to router: Router<AlumniRequestContext>) {
        router.get("unsubscribe/:token") { _, context in
            try respond(context) { link, token in
                guard let topic = link.topic else { throw Refused.notAnUnsubscribeLink }
                return .page(SelfServicePages.confirmUnsubscribe(topic: topic, token: token))
            }
        }
        router.post("unsubscribe/:token") { request, context in
            let body = try await JSONBody.collect(request, context: context)
            return try respond(context) { link, token in
                guard let topic = link.topic else { throw Refused.notAnUnsubscribeLink }
                try UnsubscribeForm.check(String(buffer: body))
                try database.unsubscribe(
                    personId: link.personId, topic: topic,
                    source: Campaign.unsubscribeSource(campaignId: link.campaignId))
                context.logger.info("unsubscribed", metadata: ["topic": .string(topic.rawValue)])
                return .page(SelfServicePages.unsubscribed(topic: topic, token: token))
            }
        }
        router.get("preferences/:token") { _, context in
            try respond(context) { link, token in
                try preferencesPage(personId: link.personId, token: token, saved: false)
            }
        }
        router.post("preferences/:token") { request, context in
            let body = try await JSONBody.collect(request, context: context)
            return try respond(context) { link, token in
                let choice = try PreferenceForm.choice(from: String(buffer: body))
                try database.applyPreferenceChoice(personId: link.personId, choice, source: "preference page")
                return try preferencesPage(personId: link.personId, token: token, saved: true)
            }
        }
    }

    private enum Refused: Error {
        case notAnUnsubscribeLink
    }

    private func preferencesPage(personId: Int64, token: String, saved: Bool) throws -> APIResponse {
        let person = try database.person(id: personId)
        return .page(
            SelfServicePages.preferences(
                name: person.fields.givenName ?? person.displayName,
                current: try database.preferences(personId: personId),
                token: token, saved: saved))
    }

    /// Checks the link, then answers with `handle`; refusals become small pages, not JSON.
    private func respond(
        _ context: AlumniRequestContext, _ handle: (SignedLink, String) throws -> APIResponse
    ) throws -> APIResponse {
        let token = context.parameters.get("token") ?? ""
        do {
            let link = try SignedLink.verify(token, key: key, now: database.clock.now())
            let person = try database.person(id: link.personId)
            guard person.erasedAt == nil else { return .refusal(.gone, "This link no longer works.") }
            return try handle(link, token)
        } catch SignedLink.Refusal.expired {
            return .refusal(.gone, "This link has expired. The newest email from us has a fresh one.")
        } catch SignedLink.Refusal.invalid, Refused.notAnUnsubscribeLink {
            return .refusal(.forbidden, "This link is not valid. Please use the link exactly as it was in the email.")
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
