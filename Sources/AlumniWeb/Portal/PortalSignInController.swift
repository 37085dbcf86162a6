import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Signing in to the portal with an e-mailed link, signing out, and the language switch.
/// Opening a link only shows a page with a "Sign in" button: mail scanners fetch every link
/// in a message, and must neither use it up nor get a session. Only the button's POST does.
struct PortalSignInController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages
    let settings: DeskSettings
    /// Writes the portal's e-mails; nil on a server that sends no mail.
    let messages: (any PortalMessageRenderer)?

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("") { _, _ in Response.redirect(to: "/my/questions", type: .normal) }
        group.get("sign-in") { request, _ in
            try pages.withFormToken(request, secure: settings.secureCookies) { token in
                try pages.page(
                    "sign-in", title: "signIn.title", for: request, session: nil, formToken: token,
                    ["signedOut": request.uri.queryParameters["signed-out"] != nil])
            }
        }
        group.post("sign-in") { request, context in
            let started = ContinuousClock.now
            let form = try await DeskForm.checked(request, context, token: PortalPages.formToken(of: request))
            let email = form["email"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard email.contains("@") else {
                return try pages.withFormToken(request, secure: settings.secureCookies) { token in
                    try pages.page(
                        "sign-in", title: "signIn.title", for: request, session: nil, formToken: token,
                        status: .badRequest, ["invalid": true, "email": email])
                }
            }
            let answer = try await store.requestPortalSignIn(
                email: email, client: context.remoteAddress?.ipAddress, renderer: messages, policy: settings.portal)
            try await settings.portal.answerNoSoonerThan(started)
            return try pages.page(
                answer == .limited ? "limited" : "check-email",
                title: answer == .limited ? "limited.title" : "checkEmail.title", for: request, session: nil,
                status: answer == .limited ? .tooManyRequests : .ok,
                ["minutes": Int(settings.portal.linkLifetime / 60)])
        }
        group.get("link/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            do {
                let link = try await store.portalLink(token: token)
                return try pages.withFormToken(request, secure: settings.secureCookies) { formToken in
                    try pages.page(
                        "link", title: link.purpose == .signIn ? "link.title" : "emailChange.title", for: request,
                        session: nil, formToken: formToken, known: link.language,
                        [
                            "action": "/my/link/\(token)", "changesEmail": link.purpose == .emailChange,
                            "newEmail": link.newEmail ?? "",
                        ])
                }
            } catch {
                return try refusedLink(error, request)
            }
        }
        group.post("link/:token") { request, context in
            _ = try await DeskForm.checked(request, context, token: PortalPages.formToken(of: request))
            let token = context.parameters.get("token") ?? ""
            do {
                guard try await store.portalLink(token: token).purpose == .signIn else {
                    try await store.confirmEmailChange(token: token, renderer: messages)
                    return try pages.page("email-changed", title: "emailChanged.title", for: request, session: nil)
                }
                let new = try await store.usePortalSignIn(token: token, client: context.remoteAddress?.ipAddress)
                var response = Response.redirect(to: "/my/questions", type: .normal)
                response.setCookie(
                    PortalCookies.set(PortalCookies.session, new.cookieValue, secure: settings.secureCookies))
                return response
            } catch let refused as PortalLinkRefused {
                return try refusedLink(refused, request)
            }
        }
        group.get("language/:code") { request, context in
            guard let code = context.parameters.get("code"), Language(rawValue: code) != nil else {
                throw DeskError.badInput(field: "language", reason: "is not one of \(Language.allowedValues)")
            }
            var response = Response.redirect(
                to: PortalPages.portalPath(request.uri.queryParameters["back"].map(String.init)), type: .normal)
            response.setCookie(
                PortalCookies.set(PortalCookies.language, code, secure: settings.secureCookies, maxAge: 365 * 86_400))
            return response
        }
    }

    /// Sign-out needs the session and its form token.
    func addSignedInRoutes(to group: RouterGroup<Context>) {
        group.post("sign-out") { request, context in
            _ = try await DeskForm.checked(request, context, token: try context.requirePortalSession().csrfToken)
            if let cookie = request.cookies[PortalCookies.session]?.value {
                try await store.portalSignOut(cookieValue: cookie)
            }
            var response = Response.redirect(to: "/my/sign-in?signed-out", type: .normal)
            response.setCookie(PortalCookies.clear(PortalCookies.session, secure: settings.secureCookies))
            return response
        }
    }

    /// Why a link cannot be used, with the form to ask for a new one.
    private func refusedLink(_ error: any Error, _ request: Request) throws -> Response {
        let reason: String
        let status: HTTPResponse.Status
        switch error as? PortalLinkRefused {
        case .expired: (reason, status) = ("expired", .gone)
        case .used: (reason, status) = ("used", .gone)
        case .invalid, nil: (reason, status) = ("invalid", .notFound)
        }
        let catalog = pages.catalog(for: request, session: nil)
        return try pages.withFormToken(request, secure: settings.secureCookies) { token in
            try pages.page(
                "sign-in", title: "link.refused.\(reason)", for: request, session: nil, formToken: token,
                status: status,
                ["refused": catalog("link.refused.\(reason).detail")])
        }
    }
}
