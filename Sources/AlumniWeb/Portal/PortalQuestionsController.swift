import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// A person's questions: the list, asking a new one, one question's thread and the reply to
/// it. Whose questions they are comes from the session alone; another person's question is
/// not found, as one that does not exist.
struct PortalQuestionsController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("questions") { request, context in
            let session = try context.requirePortalSession()
            let catalog = pages.catalog(for: request, session: session)
            let questions = try await store.portalQuestions(personId: session.personId)
            return try pages.page(
                "questions", title: "questions.title", for: request, session: session,
                [
                    "questions": PageValue.list(questions.map { PortalQuestionValues.summary($0, catalog) }),
                    "anyQuestions": !questions.isEmpty, "nav": ["questions": true],
                ])
        }
        group.get("questions/new") { request, context in
            let session = try context.requirePortalSession()
            let query = request.uri.queryParameters
            let topic = query["topic"].flatMap { PortalTopic(rawValue: String($0)) }
            // "Something is missing or wrong" on the employment page names the period.
            let about = query["about"].map { String($0).removingPercentEncoding ?? String($0) }
            return try askPage(request, session, topic: topic, text: about.map { $0 + "\n\n" } ?? "", missing: nil)
        }
        group.post("questions") { request, context in
            let session = try context.requirePortalSession()
            let form = try await UploadForm.checked(request, token: session.csrfToken)
            let topic = form["topic"].flatMap(PortalTopic.init(rawValue:))
            let text = form["question"] ?? ""
            guard let topic, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return try askPage(
                    request, session, topic: topic, text: text, missing: topic == nil ? "topic" : "question")
            }
            do {
                let question = try await store.askInPortal(
                    personId: session.personId, topic: topic, text: text, files: form.files)
                return Response.redirect(to: "/my/questions/\(question.inquiry.id)?asked", type: .normal)
            } catch let failure as ValidationFailure {
                return try askPage(request, session, topic: topic, text: text, missing: nil, files: failure)
            }
        }
        group.get("questions/:id") { request, context in
            let session = try context.requirePortalSession()
            return try await questionPage(request, session, id: try Self.id(context), missing: false)
        }
        group.post("questions/:id/reply") { request, context in
            let session = try context.requirePortalSession()
            let id = try Self.id(context)
            let form = try await UploadForm.checked(request, token: session.csrfToken)
            guard let text = form["message"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return try await questionPage(request, session, id: id, missing: true)
            }
            do {
                let landed = try await store.replyInPortal(
                    personId: session.personId, inquiryId: id, text: text, files: form.files)
                return Response.redirect(to: "/my/questions/\(landed.inquiry.id)?sent#latest", type: .normal)
            } catch let failure as ValidationFailure {
                return try await questionPage(request, session, id: id, missing: false, files: failure)
            }
        }
        group.get("attachments/:id") { _, context in
            let session = try context.requirePortalSession()
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw DeskError.notFound }
            let (file, data) = try await store.portalAttachment(id: id, personId: session.personId)
            return FileDownload(filename: file.filename, data: data).response
        }
    }

    private static func id(_ context: Context) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw DeskError.notFound }
        return id
    }

    /// The form to ask a question; `missing` names a field left empty, `files` why the files were refused.
    private func askPage(
        _ request: Request, _ session: PortalSession, topic: PortalTopic?, text: String, missing: String?,
        files: ValidationFailure? = nil
    ) throws -> Response {
        let catalog = pages.catalog(for: request, session: session)
        return try pages.page(
            "ask", title: "ask.title", for: request, session: session,
            status: missing == nil && files == nil ? .ok : .badRequest,
            [
                "filesProblem": PortalQuestionValues.filesProblem(files, catalog),
                "topics": PortalQuestionValues.topics(chosen: topic, catalog), "text": text,
                "missingTopic": missing == "topic", "missingQuestion": missing == "question",
                "nav": ["ask": true],
            ])
    }

    /// One question with its thread and the reply form; `missing` when the reply was empty,
    /// `files` why its files were refused.
    private func questionPage(
        _ request: Request, _ session: PortalSession, id: Int64, missing: Bool, files: ValidationFailure? = nil
    ) async throws -> Response {
        let catalog = pages.catalog(for: request, session: session)
        let thread = try await store.portalThread(inquiryId: id, personId: session.personId)
        let query = request.uri.queryParameters
        return try pages.page(
            "question", title: "question.title", for: request, session: session,
            status: missing || files != nil ? .badRequest : .ok,
            [
                "filesProblem": PortalQuestionValues.filesProblem(files, catalog),
                "question": PortalQuestionValues.summary(thread.question, catalog),
                "events": PortalQuestionValues.events(thread, catalog),
                "asked": query["asked"] != nil, "sent": query["sent"] != nil, "missingMessage": missing,
                "closed": thread.question.inquiry.status == .closed, "replyAction": "/my/questions/\(id)/reply",
            ])
    }
}
