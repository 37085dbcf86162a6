import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// "My details": name, phone, postal address, language and preferred channel, changed at
/// once; a new e-mail address only once the link sent to it is pressed.
struct PortalDetailsController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages
    let settings: DeskSettings
    let messages: (any PortalMessageRenderer)?

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("details") { request, context in
            let session = try context.requirePortalSession()
            let query = request.uri.queryParameters
            return try page(
                request, session, person: try await store.portalPerson(personId: session.personId),
                notice: query["saved"] != nil ? "details.saved" : query["email-sent"] != nil ? "details.emailSent" : nil
            )
        }
        group.post("details") { request, context in
            let session = try context.requirePortalSession()
            let form = try await DeskForm.checked(request, context, token: session.csrfToken)
            let details = PortalDetails(
                givenName: form["given_name"] ?? "", familyName: form["family_name"] ?? "", phone: form["phone"] ?? "",
                address: form["address"] ?? "", language: try form.choice("language", Language.self),
                preferredChannel: try form.choice("channel", ContactChannel.self))
            do {
                _ = try await store.updateDetailsInPortal(personId: session.personId, details)
            } catch let failure as ValidationFailure {
                return try page(
                    request, session, person: try await store.portalPerson(personId: session.personId), failure: failure
                )
            }
            var response = Response.redirect(to: "/my/details?saved", type: .normal)
            // The language just chosen is the one the pages speak from now on.
            if let language = details.language {
                response.setCookie(
                    PortalCookies.set(
                        PortalCookies.language, language.rawValue, secure: settings.secureCookies, maxAge: 365 * 86_400)
                )
            }
            return response
        }
        group.post("details/email") { request, context in
            let session = try context.requirePortalSession()
            let form = try await DeskForm.checked(request, context, token: session.csrfToken)
            do {
                try await store.requestEmailChange(
                    personId: session.personId, newEmail: form["email"] ?? "", renderer: messages,
                    policy: settings.portal)
            } catch let failure as ValidationFailure {
                return try page(
                    request, session, person: try await store.portalPerson(personId: session.personId), failure: failure
                )
            }
            return Response.redirect(to: "/my/details?email-sent", type: .normal)
        }
    }

    private func page(
        _ request: Request, _ session: PortalSession, person: Person, notice: String? = nil,
        failure: ValidationFailure? = nil
    ) throws -> Response {
        let catalog = pages.catalog(for: request, session: session)
        let fields = person.fields
        return try pages.page(
            "details", title: "details.title", for: request, session: session,
            status: failure == nil ? .ok : .badRequest,
            [
                "givenName": fields.givenName ?? "", "familyName": fields.familyName ?? "", "phone": fields.phone ?? "",
                "address": fields.address ?? "", "email": fields.email ?? "",
                "languages": PageValue.list(
                    Language.allCases.map { language in
                        [
                            "value": language.rawValue, "label": language.nativeName,
                            "selected": language == fields.language,
                        ]
                    }),
                "channels": PageValue.list(
                    ContactChannel.allCases.map { channel in
                        [
                            "value": channel.rawValue, "label": catalog("channel.\(channel.rawValue)"),
                            "selected": channel == person.preferredChannel,
                        ]
                    }),
                "notice": shown(notice.map { catalog($0) }),
                "problem": shown(failure.map { catalog("details.problem", ["detail": $0.description]) }),
                "nav": ["details": true],
            ])
    }
}
