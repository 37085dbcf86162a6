import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// A person's rights: everything held about them as a download (GDPR Art. 15, the JSON of
/// `alumni people data`), and erasure (Art. 17) after typing their name to confirm.
struct PersonPrivacyController<Context: DeskRequestContext>: Sendable {
    let store: Store
    /// Erases a person: the store's erasure, and the mail transport forgetting its copies.
    let erase: @Sendable (Int64, Caller) async throws -> Void

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("people/:id/data") { request, context in try await download(request, context) }
        group.post("people/:id/erase") { request, context in try await erasePerson(request, context) }
    }

    private func download(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        return try DataExportDownload(
            name: "person-\(id)-data.json",
            export: try await store.dataExport(personId: id, as: session.user.actor(request))
        ).response()
    }

    private func erasePerson(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        let form = try await DeskForm.checked(request, context, session: session)
        // The store's word first, so a role that may not erase is refused before the name is checked.
        let caller = session.user.actor(request)
        try await store.authorize(.erasePeople, caller, personId: id)
        let person = try await store.person(id: id, as: caller)
        guard person.erasedAt == nil else { throw DeskError.notFound }
        let typed = (form["confirm"] ?? "").trimmingCharacters(in: .whitespaces)
        guard typed.compare(person.displayName, options: [.caseInsensitive]) == .orderedSame else {
            throw DeskError.badInput(field: "confirm", reason: "type the person's name exactly to confirm the erasure")
        }
        try await erase(id, caller)
        return .redirect(to: "/people", type: .normal)
    }
}
