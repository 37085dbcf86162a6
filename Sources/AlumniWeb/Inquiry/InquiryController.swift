import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// One inquiry: its page, and the steps taken from it — reply (after a preview of the exact
/// e-mail), note, question to the requester, extension, assignment, closing, reopening. Every
/// step is the store's, as from the command line and the API.
struct InquiryController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages

    /// A step: what it does with the form, as `actor`, given the thread event the page showed.
    typealias Step = @Sendable (Store, Int64, DeskForm, Caller, Int64) async throws -> Void

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("inquiries/:id") { request, context in try await show(request, context) }
        // A file the person attached in the portal, for whoever may read the inquiry (audited).
        group.get("inquiries/attachments/:id") { request, context in
            let session = try context.requireSession()
            guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
            let (file, data) = try await store.inquiryAttachment(id: id, as: session.user.actor(request))
            return FileDownload(filename: file.filename, data: data).response
        }
        group.post("inquiries/:id/reply/preview") { request, context in try await preview(request, context) }
        let steps: [(String, Step)] = [
            (
                "reply",
                { store, id, form, actor, seen in
                    _ = try await store.reply(
                        toInquiry: id, body: form["body"] ?? "", actor: actor, ifUnchangedSince: seen)
                }
            ),
            (
                "note",
                { store, id, form, actor, seen in
                    _ = try await store.addNote(
                        toInquiry: id, body: form["body"] ?? "", actor: actor, ifUnchangedSince: seen)
                }
            ),
            (
                "ask",
                { store, id, form, actor, seen in
                    _ = try await store.askRequester(
                        inquiry: id, body: form["body"] ?? "", actor: actor, ifUnchangedSince: seen)
                }
            ),
            (
                "extend",
                { store, id, form, actor, seen in
                    guard let months = Int(form["months"] ?? "") else {
                        throw DeskError.badInput(field: "months", reason: "must be a number of months")
                    }
                    _ = try await store.extend(
                        inquiry: id, byMonths: months, reason: form["reason"] ?? "", actor: actor,
                        ifUnchangedSince: seen)
                }
            ),
            (
                "assign",
                { store, id, form, actor, seen in
                    _ = try await store.assign(
                        inquiry: id, to: form["owner"].flatMap { $0.isEmpty ? nil : $0 }, actor: actor,
                        ifUnchangedSince: seen)
                }
            ),
            (
                "close",
                { store, id, form, actor, seen in
                    _ = try await store.close(
                        inquiry: id, resolution: form["resolution"] ?? "", actor: actor, ifUnchangedSince: seen)
                }
            ),
            (
                "reopen",
                { store, id, _, actor, seen in
                    _ = try await store.reopen(inquiry: id, actor: actor, ifUnchangedSince: seen)
                }
            ),
        ]
        for (name, step) in steps {
            group.post("inquiries/:id/\(name)") { request, context in try await take(step, request, context) }
        }
    }

    private func show(_ request: Request, _ context: Context) async throws -> Response {
        let (session, id) = try await inquiry(request, context, write: false)
        return try await page(id, request, session, status: .ok, notice: nil)
    }

    /// The exact e-mail a reply would send, with the button that sends it.
    private func preview(_ request: Request, _ context: Context) async throws -> Response {
        let (session, id) = try await inquiry(request, context, write: true)
        let form = try await DeskForm.checked(request, context, session: session)
        let step = try InquiryStepForm(form)
        let catalog = pages.catalog(for: request)
        let message = try await store.previewReply(toInquiry: id, body: form["body"] ?? "")
        return try pages.page(
            "reply-preview", title: catalog("reply.preview.title"), for: request, session: session, section: "queue",
            [
                "inquiryId": id, "body": form["body"] ?? "", "seen": step.seen, "formKey": step.key,
                "message": message.map { ["to": $0.recipient, "subject": $0.subject, "text": $0.text] } ?? false,
            ])
    }

    /// Takes `step` once for the submitted form; a stale page gets the fresh one with a notice.
    private func take(_ step: Step, _ request: Request, _ context: Context) async throws -> Response {
        let (session, id) = try await inquiry(request, context, write: true)
        let stepForm = try InquiryStepForm(try await DeskForm.checked(request, context, session: session))
        do {
            try await stepForm.once(actor: session.user.name, path: request.uri.path) {
                try await step(store, id, stepForm.form, session.user.actor(request), stepForm.seen)
            }
        } catch StoreError.stale {
            return try await page(id, request, session, status: .conflict, notice: "inquiry.stale")
        }
        return .redirect(to: "/inquiries/\(id)#latest", type: .normal)
    }

    private func inquiry(_ request: Request, _ context: Context, write: Bool) async throws -> (DeskSession, Int64) {
        let session = try context.requireSession()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        _ = try await store.inquiry(id: id, as: session.user.actor(request), write: write)
        return (session, id)
    }

    private func page(
        _ id: Int64, _ request: Request, _ session: DeskSession, status: HTTPResponse.Status, notice: String?
    ) async throws -> Response {
        let catalog = pages.catalog(for: request)
        var values = try await InquiryPage(store: store).values(
            id, user: session.user, actor: session.user.actor(request), catalog: catalog)
        if let notice { values["notice"] = .text(catalog(notice)) }
        return try pages.page(
            "inquiry", title: catalog("inquiry.title", ["id": "\(id)"]), for: request, session: session,
            section: "queue", status: status, values)
    }
}
