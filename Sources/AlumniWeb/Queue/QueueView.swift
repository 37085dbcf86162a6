import AlumniCore
import AlumniStore

/// The queue's views, each a query with a count: the tabs above the list.
enum QueueView: String, CaseIterable {
    case mine, unassigned, open, overdue, silent, waiting

    /// The view's query for `user`, before filters and paging.
    func query(for user: StaffUser) -> InquiryQuery {
        var query = InquiryQuery()
        query.types = user.role.visibleInquiryTypes
        query.withText = user.role.readsCaseText
        switch self {
        case .mine: query.owner = user.name
        case .unassigned: query.unassigned = true
        case .open: break
        case .overdue: query.overdue = true
        case .silent: query.silent = true
        case .waiting: query.status = .waiting
        }
        return query
    }
}

/// The filters of the queue's form, read from the address so a filtered view can be bookmarked.
struct QueueFilters {
    var view: QueueView = .open
    var type: InquiryType?
    var owner: String?
    var country: String?
    var channel: InquiryChannel?
    var search: String?
    var page = 1

    init(_ parameters: [String: String]) throws {
        func value(_ name: String) -> String? {
            parameters[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func parsed<T: RawRepresentable<String>>(_ name: String, _ type: T.Type) throws -> T? {
            guard let text = value(name) else { return nil }
            guard let parsed = T(rawValue: text) else {
                throw DeskError.badInput(field: name, reason: "'\(text)' is unknown")
            }
            return parsed
        }
        view = try parsed("view", QueueView.self) ?? .open
        type = try parsed("type", InquiryType.self)
        channel = try parsed("channel", InquiryChannel.self)
        owner = value("owner")
        country = value("country")
        search = value("q")
        if let text = value("page") {
            guard let page = Int(text), page >= 1, page <= 100_000 else {
                throw DeskError.badInput(field: "page", reason: "must be a page number")
            }
            self.page = page
        }
    }

    /// `query` narrowed by these filters, on page `page` of `pageSize` rows.
    func narrowing(_ query: InquiryQuery, pageSize: Int) -> InquiryQuery {
        var query = query
        if let type { query.types = (query.types ?? InquiryType.allCases).filter { $0 == type } }
        if let owner { query.owner = owner }
        query.country = country
        query.channel = channel
        query.search = search
        query.limit = pageSize
        query.offset = (page - 1) * pageSize
        return query
    }

    /// The address of this queue with `changes` applied (a tab, another page).
    func link(view: QueueView? = nil, page: Int? = nil) -> String {
        var parts = ["view=\((view ?? self.view).rawValue)"]
        func add(_ name: String, _ value: String?) {
            if let value {
                parts.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            }
        }
        add("type", type?.rawValue)
        add("owner", owner)
        add("country", country)
        add("channel", channel?.rawValue)
        add("q", search)
        if let page, page > 1 { parts.append("page=\(page)") }
        return "/?" + parts.joined(separator: "&")
    }
}
