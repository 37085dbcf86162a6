import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// What staff change on a person's page: their details (refused when someone changed them
/// since the page was read), a departure, an inquiry opened on their behalf.
struct PersonChangesController<Context: DeskRequestContext>: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("people/:id/edit") { request, context in try await edit(request, context) }
        group.post("people/:id/departure") { request, context in try await departure(request, context) }
        group.post("people/:id/inquiries") { request, context in try await openInquiry(request, context) }
        group.post("people/:id/hold") { request, context in
            let (user, id, form) = try await form(request, context)
            try await store.setLegalHold(
                personId: id, on: form["hold"] == "on", reason: form["reason"], actor: user.actor(request))
            return Response.redirect(to: "/people/\(id)", type: .normal)
        }
    }

    /// The signed-in staff member, the person's id and the checked form; what their role may
    /// do with it is the store's to decide.
    private func form(_ request: Request, _ context: Context) async throws -> (StaffUser, Int64, DeskForm) {
        let session = try context.requireSession()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        let form = try await DeskForm.checked(request, context, session: session)
        return (session.user, id, form)
    }

    private func edit(_ request: Request, _ context: Context) async throws -> Response {
        let (user, id, form) = try await form(request, context)
        func text(_ name: String) -> String? { form[name]?.trimmingCharacters(in: .whitespacesAndNewlines) }
        let patch = PersonFields(
            givenName: text("given_name"), familyName: text("family_name"), email: text("email"), phone: text("phone"),
            address: text("address"), country: text("country"), language: try form.choice("language"),
            sentiment: try form.choice("sentiment"),
            tags: text("tags").map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            })
        _ = try await store.updatePerson(
            id: id, with: patch, ifVersion: try form.required("version"), actor: user.actor(request))
        return .redirect(to: "/people/\(id)", type: .normal)
    }

    private func departure(_ request: Request, _ context: Context) async throws -> Response {
        let (user, id, form) = try await form(request, context)
        let text = try form.required("left")
        guard let left = CalendarDate(iso: text) else {
            throw DeskError.badInput(field: "left", reason: "'\(text)' is not a date (YYYY-MM-DD)")
        }
        _ = try await store.recordDeparture(id: id, left: left, reason: form["reason"], actor: user.actor(request))
        return .redirect(to: "/people/\(id)", type: .normal)
    }

    /// A letter or a phone call becomes an inquiry, with its deadlines from when it arrived.
    private func openInquiry(_ request: Request, _ context: Context) async throws -> Response {
        let (user, id, form) = try await form(request, context)
        let type = try form.requiredChoice("type", InquiryType.self)
        let channel = try form.requiredChoice("channel", InquiryChannel.self)
        let inquiry = try await store.openInquiry(
            NewInquiry(
                personId: id, type: type, subject: form["subject"] ?? "", body: form["body"], channel: channel,
                owner: user.name),
            actor: user.actor(request))
        return .redirect(to: "/inquiries/\(inquiry.id)", type: .normal)
    }
}
