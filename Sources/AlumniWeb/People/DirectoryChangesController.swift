import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Adding to the directory — one person by form, many by a CSV upload with the same
/// all-or-nothing rule and row errors as `alumni people import` — and taking it away as CSV.
struct DirectoryChangesController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    /// The largest CSV file the desk takes; bigger imports belong to the command line.
    static var maxUpload: Int { 32 * 1024 * 1024 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("people") { request, context in try await add(request, context) }
        group.post("people/import") { request, context in try await importFile(request, context) }
        group.get("people.csv") { request, context in try await export(request, context) }
    }

    private func add(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        func text(_ name: String) -> String? {
            form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let person = try await store.addPerson(
            PersonFields(
                givenName: text("given_name"), familyName: text("family_name"), email: text("email"),
                country: text("country"), language: try form.choice("language"), kind: try form.choice("kind"),
                externalRef: text("reference")),
            actor: session.user.actor(request))
        return .redirect(to: "/people/\(person.id)", type: .normal)
    }

    /// The upload is checked against the session's form token like any form, then imported
    /// from a temporary file (deleted after).
    private func importFile(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try ImportUpload(
            body: try await request.body.collect(upTo: Self.maxUpload), contentType: request.headers[.contentType])
        guard FormToken.equal(form.csrf, session.csrfToken) else { throw DeskError.badFormToken }
        let file = form.fileData
        guard !file.isEmpty else { throw DeskError.badInput(field: "file", reason: "choose a CSV file") }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
            "desk-import-\(UUID().uuidString).csv")
        try file.write(to: temporary)
        defer { try? FileManager.default.removeItem(at: temporary) }
        var rejections: [ImportRejection] = []
        let summary = try await store.importPeople(
            from: temporary, options: PeopleImportOptions(update: form.update == "on"),
            actor: session.user.actor(request),
            onRejected: { if rejections.count < 500 { rejections.append($0) } })
        let catalog = pages.catalog(for: request)
        return try pages.page(
            "import-result", title: catalog("import.title"), for: request, session: session, section: "people",
            status: summary.committed ? .ok : .badRequest,
            [
                "committed": summary.committed, "added": summary.added, "updated": summary.updated,
                "rejected": summary.rejected,
                "rows": rejections.map { rejection -> PageValue in
                    ["line": rejection.line, "errors": rejection.errors.map(\.description).joined(separator: "; ")]
                },
            ])
    }

    /// The directory as CSV, in `alumni people export`'s layout, with the page's filters.
    private func export(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let query = try DirectoryQuery(request.uri.queryParameters).query
        var csv = CSVWriter.line(PersonCSV.Column.allCases.map(\.rawValue))
        try await store.exportPeople(matching: query, as: session.user.actor(request)) {
            csv += CSVWriter.line(PersonCSV.row(for: $0.fields))
        }
        return CSVDownload(name: "people.csv", text: csv).response
    }
}
