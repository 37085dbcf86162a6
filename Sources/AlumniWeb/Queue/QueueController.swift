import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The queue, the desk's home page: open inquiries by next deadline, in views with counts,
/// filtered and paged; assigning selected rows and moving one owner's cases to another.
struct QueueController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/") { request, context in try await queue(request, context) }
        group.post("queue/assign") { request, context in try await assignSelected(request, context) }
        group.post("queue/reassign") { request, context in try await reassign(request, context) }
    }

    private func queue(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let user = session.user
        let catalog = pages.catalog(for: request)
        let filters = try QueueFilters(QueryValues(request.uri.queryParameters))
        let queue = try await store.inquiryQueue(
            filters.narrowing(filters.view.query(for: user), pageSize: settings.pageSize),
            tabs: QueueView.allCases.map { filters.narrowing($0.query(for: user), pageSize: settings.pageSize) },
            as: user.actor(request))
        let (page, names, standing) = (queue.page, queue.names, queue.standing)
        let views = zip(QueueView.allCases, queue.counts).map { view, count -> PageValue in
            [
                "label": catalog("queue.view." + view.rawValue), "href": filters.link(view: view),
                "count": Paging.countText(count, limit: queue.countLimit),
                "current": view == filters.view,
            ]
        }
        let rows = page.items.map { inquiry -> PageValue in
            [
                "id": inquiry.id, "subject": inquiry.subject, "personId": inquiry.personId,
                "person": names[inquiry.personId] ?? catalog("person.erased"),
                "type": catalog("type." + inquiry.type.rawValue),
                "channel": catalog("channel." + inquiry.channel.rawValue),
                "owner": shown(inquiry.owner),
                "nextDue": inquiry.deadlines.nextDue.map {
                    DeskFormat.dateTime($0, in: standing.calendar.timeZone)
                } ?? "",
                "badges": standing.conditions(of: inquiry).map { $0.badge(catalog) },
            ]
        }
        let staff = queue.activeStaff
        let filterValues: PageValue = [
            "q": filters.search ?? "", "country": filters.country ?? "", "view": filters.view.rawValue,
            "types": options(
                InquiryType.allCases.filter { user.role.may(.readInquiry($0)) }, filters.type, "type", catalog),
            "channels": options(InquiryChannel.allCases, filters.channel, "channel", catalog),
            "owners": staff.map { ["value": $0, "label": $0, "selected": $0 == filters.owner] as PageValue },
        ]
        let paging = Paging.values(
            page: filters.page, pageSize: settings.pageSize, shown: page.items.count, total: page.total,
            countLimit: queue.countLimit, link: { filters.link(page: $0) })
        let values: PageValue = [
            "views": views, "rows": rows, "empty": rows.isEmpty, "filters": filterValues, "paging": paging,
            "staff": staff, "canAssign": InquiryType.allCases.contains { user.role.may(.writeInquiry($0)) },
            "canReassign": user.role.may(.reassignInquiries), "back": filters.link(page: filters.page),
        ]
        return try pages.page(
            "queue", title: catalog("queue.title"), for: request, session: session, section: "queue", values)
    }

    /// Assigns the ticked rows to one staff member (or no one), all or none.
    private func assignSelected(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let ids = try form.all("id").map { text in
            guard let id = Int64(text) else {
                throw DeskError.badInput(field: "id", reason: "'\(text)' is not an inquiry")
            }
            return id
        }
        guard !ids.isEmpty else { throw DeskError.badInput(field: "id", reason: "tick at least one inquiry") }
        let owner = form["owner"].flatMap { $0.isEmpty ? nil : $0 }
        try await store.assign(inquiries: ids, to: owner, actor: session.user.actor(request))
        return .redirect(to: SignInController<Context>.localPath(form["back"]), type: .normal)
    }

    /// Moves every open inquiry of one staff member to another (someone leaves the team).
    private func reassign(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        _ = try await store.reassignInquiries(
            from: form["from"] ?? "", to: form["to"] ?? "", actor: session.user.actor(request))
        return .redirect(to: SignInController<Context>.localPath(form["back"]), type: .normal)
    }

    private func options<T: RawRepresentable<String> & Equatable>(
        _ all: [T], _ selected: T?, _ prefix: String, _ catalog: Catalog
    ) -> [PageValue] {
        all.map { option in
            [
                "value": option.rawValue, "label": catalog(prefix + "." + option.rawValue),
                "selected": option == selected,
            ]
        }
    }
}
