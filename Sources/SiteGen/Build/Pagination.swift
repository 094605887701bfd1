/// Splits a list of posts into pages and describes the links between them.
struct Pagination {
    let total: Int
    let current: Int
    let firstPath: String

    /// Pages of at most `perPage` items; an empty list still has one (empty) page.
    static func chunks(_ items: [Int], perPage: Int) -> [[Int]] {
        guard !items.isEmpty else { return [[]] }
        return stride(from: 0, to: items.count, by: perPage).map { Array(items[$0..<min($0 + perPage, items.count)]) }
    }

    var path: String { SiteLinks.page(current, of: firstPath) }

    /// Template values; nil when there is only one page, so no pager is shown.
    func values(url: SiteURL) -> [String: Any]? {
        guard total > 1 else { return nil }
        return TemplateValues.compact([
            "current": current,
            "total": total,
            "previous": current > 1 ? url.link(SiteLinks.page(current - 1, of: firstPath)) : nil,
            "next": current < total ? url.link(SiteLinks.page(current + 1, of: firstPath)) : nil,
            "pages": (1...total).map { n in
                TemplateValues.compact(["number": n, "url": url.link(SiteLinks.page(n, of: firstPath)),
                                        "isCurrent": n == current ? true : nil])
            },
        ])
    }
}
