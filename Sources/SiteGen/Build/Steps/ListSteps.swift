/// Steps that write lists of posts: the home page, tag and category pages, archives.
extension BuildStep {
    static let home = BuildStep(name: "home") { context in
        // Pinned posts first, then the rest, newest first.
        let posts = context.site.posts.indices
        let order = posts.filter { context.site.posts[$0].frontMatter.pinned } + posts.filter { !context.site.posts[$0].frontMatter.pinned }
        try writeLists([ListPages(context, posts: order, firstPath: SiteLinks.home,
                                  title: "", description: context.site.config.description, intro: context.sectionTexts[SiteLinks.home], crumbs: [],
                                  structuredData: [StructuredData.website(context.site.config)])])
    }

    static let taxonomies = BuildStep(name: "tags and categories") { context in
        let kinds: [(entries: [Taxonomy.Entry], index: String, key: String, link: (Term) -> String)] = [
            (context.site.tags, SiteLinks.tags, "tags", SiteLinks.tag),
            (context.site.categories, SiteLinks.categories, "categories", SiteLinks.category),
        ]
        // Every term's pages in one go on every core: term by term, each small tag's pages
        // waited for the slower core at its end.
        try writeLists(kinds.flatMap { kind in
            let heading = context.t(kind.key)
            return kind.entries.map { entry in
                let path = kind.link(entry.term)
                return ListPages(context, posts: entry.posts, firstPath: path, title: entry.term.name, kind: heading,
                                 description: "\(heading): \(entry.term.name)", intro: context.sectionTexts[path], crumbs: [(heading, kind.index), (entry.term.name, path)])
            }
        })
        for kind in kinds {
            let heading = context.t(kind.key)
            let terms = kind.entries.map { entry in
                ["name": entry.term.name, "url": context.url.link(kind.link(entry.term)), "count": entry.posts.count] as [String: Any]
            }
            let meta = PageMeta(path: kind.index, title: heading, description: "\(context.site.config.title) — \(heading)",
                                breadcrumbs: [(context.t("home"), SiteLinks.home), (heading, kind.index)])
            try context.writePage(meta, layout: "terms", values: ["terms": terms, "empty": terms.isEmpty])
        }
    }

    /// `/archives/`, `/archives/2017/` and `/archives/2017/09/`: posts grouped by year and month.
    static let archives = BuildStep(name: "archives") { context in
        let site = context.site
        let heading = context.t("archives")
        var byYear: [(year: Int, months: [(month: Int, posts: [Int])])] = []
        for index in site.posts.indices {
            let parts = site.calendar.dateComponents([.year, .month], from: site.posts[index].date)
            let (year, month) = (parts.year!, parts.month!)
            if byYear.last?.year != year { byYear.append((year, [])) }
            if byYear[byYear.count - 1].months.last?.month != month { byYear[byYear.count - 1].months.append((month, [])) }
            let y = byYear.count - 1, m = byYear[y].months.count - 1
            byYear[y].months[m].posts.append(index)
        }
        let intro = context.sectionTexts[SiteLinks.archives]
        @Sendable func values(_ groups: [(year: Int, months: [(month: Int, posts: [Int])])], isPart: Bool = true) -> [String: Any] {
            TemplateValues.compact(["kind": isPart ? heading : nil, "intro": isPart ? nil : intro, "years": groups.map { group in
                [
                    "year": context.dates.year(group.year),
                    "url": context.url.link(SiteLinks.year(group.year)),
                    "months": group.months.map { month in
                        [
                            "month": context.dates.month(year: group.year, month: month.month),
                            "url": context.url.link(SiteLinks.month(year: group.year, month: month.month)),
                            "posts": month.posts.map(context.values.archiveEntry),
                        ] as [String: Any]
                    },
                ] as [String: Any]
            }, "empty": groups.isEmpty ? true : nil])
        }
        let root: [(name: String, path: String)] = [(context.t("home"), SiteLinks.home), (heading, SiteLinks.archives)]
        // The archive, each year and each month: the pages, then written on every core.
        typealias Groups = [(year: Int, months: [(month: Int, posts: [Int])])]
        var pages: [(meta: PageMeta, groups: Groups, isPart: Bool)] = [
            (PageMeta(path: SiteLinks.archives, title: heading, description: "\(site.config.title) — \(heading)", breadcrumbs: root), byYear, false),
        ]
        for group in byYear {
            let yearPath = SiteLinks.year(group.year)
            let yearTitle = context.dates.year(group.year)
            let yearCrumbs = root + [(yearTitle, yearPath)]
            pages.append((PageMeta(path: yearPath, title: yearTitle, description: "\(heading): \(yearTitle)", breadcrumbs: yearCrumbs),
                          [group], true))
            for month in group.months {
                let monthPath = SiteLinks.month(year: group.year, month: month.month)
                let monthTitle = context.dates.month(year: group.year, month: month.month)
                pages.append((PageMeta(path: monthPath, title: monthTitle, description: "\(heading): \(monthTitle)",
                                       breadcrumbs: yearCrumbs + [(monthTitle, monthPath)]), [(group.year, [month])], true))
            }
        }
        let shared = SharedReadOnly(value: pages)
        try Parallel.forEach(pages.count) { index in
            let (meta, groups, isPart) = shared.value[index]
            // Keyed by what the page shows (each post's title, link and date), so an edit to a post's text leaves it alone.
            let shape = groups.flatMap { group in [group.year, group.months.count] + group.months.flatMap { [$0.month, $0.posts.count] } }
            let inputs: [PageInputs.Item] = [meta.path, meta.title, meta.description, isPart ? heading : intro ?? "\u{0}"].map { .text($0) }
                + [.crumbs(meta.breadcrumbs)] + shape.map { .number($0) } + [.archiveEntries(groups.flatMap { $0.months.flatMap(\.posts) })]
            try context.writePage(meta, layout: "archive", inputs: inputs) { _ in values(groups, isPart: isPart) }
        }
    }

    /// Lists' pages written on every core at once, in order of the lists and their pages
    /// (the first error in that order is the one reported).
    static func writeLists(_ lists: [ListPages]) throws {
        let pages = lists.indices.flatMap { list in (0..<lists[list].count).map { (list, $0) } }
        let shared = SharedReadOnly(value: lists)
        try Parallel.forEach(pages.count) { index in
            let (list, offset) = pages[index]
            try shared.value[list].write(page: offset)
        }
    }
}

/// A paginated list of posts through the `list` layout: the home page, a tag's or a category's.
struct ListPages {
    let context: BuildContext
    let title: String
    let kind: String?
    let description: String
    /// The list's `_index.md` as HTML, above its first page's posts.
    let intro: String?
    let firstPath: String
    let crumbs: [(name: String, path: String)]
    let structuredData: [JSONValue]
    /// Each page's posts.
    let chunks: [[Int]]

    init(_ context: BuildContext, posts: [Int], firstPath: String, title: String, kind: String? = nil,
         description: String, intro: String? = nil, crumbs: [(name: String, path: String)], structuredData: [JSONValue] = []) {
        self.context = context
        self.title = title
        self.kind = kind
        self.description = description
        self.intro = intro
        self.firstPath = firstPath
        self.crumbs = crumbs
        self.structuredData = structuredData
        chunks = Pagination.chunks(posts, perPage: context.site.config.postsPerPage)
    }

    var count: Int { chunks.count }

    /// Page `offset + 1` of the list.
    func write(page offset: Int) throws {
        let chunk = chunks[offset]
        let pagination = Pagination(total: chunks.count, current: offset + 1, firstPath: firstPath)
        let pageTitle = offset == 0 ? title
            : (title.isEmpty ? "" : title + " ") + context.t("page_n").replacingAll("{n}", with: "\(offset + 1)")
        var meta = PageMeta(path: pagination.path, title: pageTitle, description: description,
                            breadcrumbs: crumbs.isEmpty ? [] : [(context.t("home"), SiteLinks.home)] + crumbs,
                            structuredData: offset == 0 ? structuredData : [])
        meta.lastmod = chunk.first.map { context.site.posts[$0].updated }
        let make = { [self] (_: inout PageMeta) -> [String: Any] in
            var cards = chunk.map(context.values.card)
            // An ad between cards, after every Nth one, never after the last.
            if let ads = context.ads, let slot = context.adSlot(.list) {
                for i in cards.indices where (i + 1) % ads.config.listEvery == 0 && i < cards.count - 1 {
                    // Numbered, so each slot on the page has a name of its own.
                    let numbered = slot.adding(["number": .text(String((i + 1) / ads.config.listEvery))]) ?? slot
                    cards[i] = context.values.card(chunk[i], adding: ["adAfter": numbered])
                }
            }
            return ["list": TemplateValues.compact([
                "title": title,
                "kind": kind,
                "intro": offset == 0 ? intro : nil,
                "posts": cards,
                "empty": chunk.isEmpty ? true : nil,
                "pagination": pagination.values(url: context.url),
            ])]
        }
        // Its texts, where it sits in the list, and its cards.
        let inputs: [PageInputs.Item] = [title, kind ?? "\u{0}", description, firstPath, offset == 0 ? intro ?? "\u{0}" : "\u{0}"].map { .text($0) }
            + [.crumbs(crumbs), .json(meta.structuredData), .number(offset), .number(chunks.count), .cards(chunk)]
        try context.writePage(meta, layout: "list", inputs: inputs, make: make)
    }
}
