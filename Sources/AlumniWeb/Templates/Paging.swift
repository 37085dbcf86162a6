/// The values of the `paging` partial: which rows this page shows, of how many, and the links
/// to the pages before and after.
enum Paging {
    static func values(page: Int, pageSize: Int, shown: Int, total: Int, link: (Int) -> String) -> PageValue {
        let offset = (page - 1) * pageSize
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let previous: PageValue = page > 1 ? .text(link(page - 1)) : false
        let next: PageValue = page < pages ? .text(link(page + 1)) : false
        return [
            "from": total == 0 ? 0 : offset + 1, "to": offset + shown, "total": total, "page": page, "pages": pages,
            "previous": previous, "next": next,
        ]
    }
}
