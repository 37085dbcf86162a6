import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The directory: people searched (accent-insensitive, as `people list --search`) and filtered
/// by kind, country, language, tag and departure, a page at a time.
struct DirectoryController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("people") { request, context in try await directory(request, context) }
    }

    private func directory(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let directory = try DirectoryQuery(request.uri.queryParameters)
        var query = directory.query
        let page = directory.page
        query.limit = settings.pageSize
        query.offset = (page - 1) * settings.pageSize
        func value(_ name: String) -> String? { directory.values[name] }
        let people = try await store.people(
            matching: query, countLimit: AlumniDatabase.listCountLimit, as: session.user.actor(request))
        let rows = people.items.map { person -> PageValue in
            [
                "id": person.id, "name": person.displayName, "email": person.fields.email ?? "",
                "kind": person.fields.kind.map { catalog("kind." + $0.rawValue) } ?? "",
                "country": person.fields.country ?? "", "left": person.fields.left?.description ?? "",
            ]
        }
        let filters: PageValue = [
            "q": value("q") ?? "", "country": value("country") ?? "", "tag": value("tag") ?? "",
            "leftFrom": value("left_from") ?? "", "leftTo": value("left_to") ?? "",
            "kinds": PersonKind.allCases.map { kind -> PageValue in
                ["value": kind.rawValue, "label": catalog("kind." + kind.rawValue), "selected": kind == query.kind]
            },
            "languages": Language.allCases.map { language -> PageValue in
                ["value": language.rawValue, "label": language.nativeName, "selected": language == query.language]
            },
        ]
        let paging = Paging.values(
            page: page, pageSize: settings.pageSize, shown: people.items.count, total: people.total,
            countLimit: people.countLimit,
            link: directory.link(page:))
        return try pages.page(
            "directory", title: catalog("directory.title"), for: request, session: session, section: "people",
            [
                "rows": rows, "empty": rows.isEmpty, "filters": filters, "paging": paging,
                "export": "/people.csv" + (directory.filterQuery.isEmpty ? "" : "?" + directory.filterQuery),
                "canAdd": session.user.role.may(.writePeople),
                "kinds": PersonKind.allCases.map { ["value": $0.rawValue, "label": catalog("kind." + $0.rawValue)] },
            ])
    }
}
