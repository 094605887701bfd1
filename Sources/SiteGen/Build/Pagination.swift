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

    /// The page numbers a pager shows: the first and last, and two either side of the
    /// current one; `nil` where numbers are left out. Listing every page would make a
    /// 1,000-page list cost a million links (and be useless to read).
    static func window(current: Int, total: Int, around: Int = 2) -> [Int?] {
        let shown = Set([1, total] + Array(max(1, current - around)...min(total, current + around)))
        var numbers: [Int?] = []
        for n in shown.sorted() {
            if let last = numbers.last ?? nil, n > last + 1 { numbers.append(n == last + 2 ? last + 1 : nil) }
            numbers.append(n)
        }
        return numbers
    }

    /// Template values; nil when there is only one page, so no pager is shown. Typed, as a
    /// page's own values (see `PageMeta.values`).
    func values(url: SiteURL) -> TemplateValue? {
        guard total > 1 else { return nil }
        return TemplateValue.compact([
            ("current", .text(String(current))),
            ("total", .text(String(total))),
            ("previous", current > 1 ? .text(url.link(SiteLinks.page(current - 1, of: firstPath))) : nil),
            ("next", current < total ? .text(url.link(SiteLinks.page(current + 1, of: firstPath))) : nil),
            ("pages", .list(Self.window(current: current, total: total).map { n -> TemplateValue in
                guard let n else { return .object(["gap": .flag(true)]) }
                return TemplateValue.compact([("number", .text(String(n))), ("url", .text(url.link(SiteLinks.page(n, of: firstPath)))),
                                              ("isCurrent", n == current ? .flag(true) : nil)])
            })),
        ])
    }
}
