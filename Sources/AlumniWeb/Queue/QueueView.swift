import AlumniCore
import AlumniStore

/// The queue's views, each a query with a count: the tabs above the list.
enum QueueView: String, CaseIterable {
    case mine, unassigned, open, overdue, silent, waiting

    /// The view's query for `user`, before filters and paging; the store narrows it to what
    /// they may see.
    func query(for user: StaffUser) -> InquiryQuery {
        var query = InquiryQuery()
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

    init(_ parameters: QueryValues) throws {
        view = try parameters.parsed("view", QueueView.init(rawValue:)) ?? .open
        type = try parameters.parsed("type", InquiryType.init(rawValue:))
        channel = try parameters.parsed("channel", InquiryChannel.init(rawValue:))
        owner = parameters["owner"]
        country = parameters["country"]
        search = parameters["q"]
        page = try parameters.page()
    }

    /// `query` narrowed by these filters, on page `page` of `pageSize` rows.
    func narrowing(_ query: InquiryQuery, pageSize: Int) -> InquiryQuery {
        var query = query
        if let type { query.types = [type] }
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
