/// The values of the `paging` partial: which rows this page shows, of how many, and the links
/// to the pages before and after.
enum Paging {
    /// With `countLimit`, `total` was counted only up to one past it, and more reads "1000+".
    static func values(
        page: Int, pageSize: Int, shown: Int, total: Int, countLimit: Int? = nil, link: (Int) -> String
    ) -> PageValue {
        let offset = (page - 1) * pageSize
        let counted = countLimit.map { min(total, $0) } ?? total
        let pages = max(1, (counted + pageSize - 1) / pageSize)
        let more = counted < total
        let previous: PageValue = page > 1 ? .text(link(page - 1)) : false
        let next: PageValue = page < pages || more ? .text(link(page + 1)) : false
        return [
            "from": total == 0 ? 0 : offset + 1, "to": offset + shown,
            "total": countText(total, limit: countLimit), "page": page, "pages": more ? "\(pages)+" : "\(pages)",
            "previous": previous, "next": next,
        ]
    }

    /// A count as a page shows it: "1000+" past `limit`.
    static func countText(_ count: Int, limit: Int?) -> String {
        guard let limit, count > limit else { return "\(count)" }
        return "\(limit)+"
    }
}
