import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Asking without being in the directory: who they are, roughly when, and the question. A link
/// to confirm the address goes to it; only pressing it adds them (marked self-registered) and
/// opens the question. The page answers alike whoever the address belongs to.
struct PortalRegistrationController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages
    let settings: DeskSettings
    let messages: (any PortalMessageRenderer)?

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("ask") { request, _ in
            try pages.withFormToken(request, secure: settings.secureCookies) { token in
                try form(request, token: token, values: [:], problem: nil)
            }
        }
        group.post("ask") { request, context in
            let started = ContinuousClock.now
            let form = try await DeskForm.checked(request, context, token: PortalPages.formToken(of: request))
            let catalog = pages.catalog(for: request, session: nil)
            let registration = PortalRegistration(
                givenName: form["given_name"] ?? "", familyName: form["family_name"] ?? "", email: form["email"] ?? "",
                kind: form["kind"].flatMap(PersonKind.init(rawValue:)) ?? .both, period: form["period"],
                topic: form["topic"].flatMap(PortalTopic.init(rawValue:)) ?? .other, question: form["question"] ?? "",
                language: Language(rawValue: catalog.language))
            let answer: PortalLinkRequest
            do {
                answer = try await store.requestRegistration(
                    registration, client: context.remoteAddress?.ipAddress, renderer: messages, policy: settings.portal)
                try await settings.portal.answerNoSoonerThan(started)
            } catch let failure as ValidationFailure {
                return try self.form(
                    request, token: PortalPages.formToken(of: request) ?? "", values: form.values, problem: failure)
            }
            return try pages.page(
                answer == .limited ? "limited" : "check-email",
                title: answer == .limited ? "limited.title" : "checkEmail.title", for: request, session: nil,
                status: answer == .limited ? .tooManyRequests : .ok,
                ["minutes": Int(AlumniDatabase.registrationLifetime / 60), "registering": true])
        }
        group.get("confirm/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            do {
                let language = try await store.registrationLanguage(token: token)
                return try pages.withFormToken(request, secure: settings.secureCookies) { formToken in
                    try pages.page(
                        "link", title: "confirm.title", for: request, session: nil, formToken: formToken,
                        known: language, ["action": "/my/confirm/\(token)", "confirmsQuestion": true])
                }
            } catch let refused as PortalLinkRefused {
                return try refusedPage(refused, request)
            }
        }
        group.post("confirm/:token") { request, context in
            _ = try await DeskForm.checked(request, context, token: PortalPages.formToken(of: request))
            do {
                let (new, inquiryId) = try await store.confirmRegistration(
                    token: context.parameters.get("token") ?? "", client: context.remoteAddress?.ipAddress)
                var response = Response.redirect(to: "/my/questions/\(inquiryId)?asked", type: .normal)
                response.setCookie(
                    PortalCookies.set(PortalCookies.session, new.cookieValue, secure: settings.secureCookies))
                return response
            } catch let refused as PortalLinkRefused {
                return try refusedPage(refused, request)
            }
        }
    }

    private func refusedPage(_ refused: PortalLinkRefused, _ request: Request) throws -> Response {
        let catalog = pages.catalog(for: request, session: nil)
        let reason = refused == .expired ? "expired" : "invalid"
        return try pages.withFormToken(request, secure: settings.secureCookies) { token in
            try form(
                request, token: token, values: [:], problem: nil, status: refused == .expired ? .gone : .notFound,
                refused: catalog("confirm.refused.\(reason)"))
        }
    }

    private func form(
        _ request: Request, token: String, values: [String: String], problem: ValidationFailure?,
        status: HTTPResponse.Status? = nil, refused: String? = nil
    ) throws -> Response {
        let catalog = pages.catalog(for: request, session: nil)
        let topic = values["topic"].flatMap(PortalTopic.init(rawValue:))
        return try pages.page(
            "register", title: "register.title", for: request, session: nil, formToken: token,
            status: status ?? (problem == nil ? .ok : .badRequest),
            [
                "givenName": values["given_name"] ?? "", "familyName": values["family_name"] ?? "",
                "email": values["email"] ?? "", "period": values["period"] ?? "", "question": values["question"] ?? "",
                "employee": values["kind"] == "employee", "customer": values["kind"] == "customer",
                "topics": PortalQuestionValues.topics(chosen: topic, catalog),
                "problem": shown(problem.map { catalog("details.problem", ["detail": $0.description]) }),
                "refused": shown(refused),
            ])
    }
}
