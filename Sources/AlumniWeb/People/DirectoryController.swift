import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The directory: people searched (accent-insensitive, as `people list --search`) and filtered
/// by kind, country, language, tag and departure, a page at a time.
struct DirectoryController<Context: DeskRequestContext>: Sendable {
    let database: AlumniDatabase
    let pages: DeskPages
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("people") { request, context in try directory(request, context) }
    }

    private func directory(_ request: Request, _ context: Context) throws -> Response {
        let session = try context.requireSession()
        try DeskAccess(database: database).require(.readPeople, user: session.user, request: request)
        let catalog = pages.catalog(for: request)
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[name[...]].map(String.init).flatMap {
                $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0
            }
        }
        func parsed<T>(_ name: String, _ parse: (String) -> T?) throws -> T? {
            guard let text = value(name) else { return nil }
            guard let parsed = parse(text) else { throw DeskError.badInput(field: name, reason: "'\(text)' is not valid") }
            return parsed
        }
        var query = PersonQuery()
        query.search = value("q")
        query.kind = try parsed("kind", PersonKind.init(rawValue:))
        query.country = value("country")
        query.language = try parsed("language", Language.init(rawValue:))
        query.tag = value("tag")
        query.leftAfter = try parsed("left_from", CalendarDate.init(iso:))
        query.leftBefore = try parsed("left_to", CalendarDate.init(iso:))
        let page = try parsed("page") { Int($0).flatMap { (1...100_000).contains($0) ? $0 : nil } } ?? 1
        query.limit = settings.pageSize
        query.offset = (page - 1) * settings.pageSize
        let people = try database.people(matching: query)
        let kept = ["q", "kind", "country", "language", "tag", "left_from", "left_to"].compactMap { name in
            value(name).map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }
        let rows = people.items.map { person -> [String: Any] in
            [
                "id": person.id, "name": person.displayName, "email": person.fields.email ?? "",
                "kind": person.fields.kind.map { catalog("kind." + $0.rawValue) } ?? "",
                "country": person.fields.country ?? "", "left": person.fields.left?.description ?? "",
            ]
        }
        let filters: [String: Any] = [
            "q": value("q") ?? "", "country": value("country") ?? "", "tag": value("tag") ?? "",
            "leftFrom": value("left_from") ?? "", "leftTo": value("left_to") ?? "",
            "kinds": PersonKind.allCases.map { kind -> [String: Any] in
                ["value": kind.rawValue, "label": catalog("kind." + kind.rawValue), "selected": kind == query.kind]
            },
            "languages": Language.allCases.map { language -> [String: Any] in
                ["value": language.rawValue, "label": language.nativeName, "selected": language == query.language]
            },
        ]
        let paging = Paging.values(
            page: page, pageSize: settings.pageSize, shown: people.items.count, total: people.total,
            link: { "/people?" + (kept + ["page=\($0)"]).joined(separator: "&") })
        return try pages.page(
            "directory", title: catalog("directory.title"), for: request, session: session, section: "people",
            ["rows": rows, "empty": rows.isEmpty, "filters": filters, "paging": paging])
    }
}
