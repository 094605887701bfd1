import Foundation

/// What every build step reads (the site, the theme, the rendered bodies) and
/// where it writes (the output folder and the sitemap's list of pages).
final class BuildContext: @unchecked Sendable { // its `let`s never change; the sitemap entries and sources only under `lock`
    let site: Site
    let theme: Theme
    /// Rendered bodies, parallel to `site.posts` and `site.pages`.
    let posts: [RenderedContent]
    let pages: [RenderedContent]
    /// Each `_index.md`'s HTML by the list page it is shown on.
    let sectionTexts: [String: String]
    let dates: DateFormat
    /// The site's author as JSON-LD, the same in every post's (made once).
    let author: JSONValue
    /// A `let`, set once its cards are attached: reading a `var` of a class copied the whole
    /// struct (retaining all its arrays) at every `context.values.card(…)`.
    let values: TemplateValues
    let markdown: MarkdownRenderer
    /// Ad slots, when the site has `ads:`.
    let ads: AdSlots?
    let output: OutputFolder
    /// The in-article ad's HTML: the same in every post, so rendered once.
    let inArticleAd: String?
    private let lock = NSLock()
    private var sitemapEntries: [Sitemap.Entry] = []
    private var sources: [String: String] = [:]

    /// The site-wide values, converted once.
    private let siteWideValue: PerThread<TemplateValue>
    /// What pages read of the ads, the same on every page and so made once: `ads` (the
    /// head script, the footer slot) and each slot's values. Converted once and read from
    /// each thread's copy: the same storage on every page of a thread, which lets the ad
    /// partial be written from its memo (see `PartialMemo`).
    private let adsValue: PerThread<TemplateValue>?
    private let adSlotValue: PerThread<[AdsConfig.Position: TemplateValue]>
    private let commissionBoxValue: PerThread<TemplateValue>
    /// Hashes of `site`'s values and of the theme, in the key of every page (see `PageInputs`).
    let siteWideHash: UInt64
    let themeFingerprint: UInt64

    /// Each post's search tokens, kept between builds.
    let searchTokens: RecordPack<SearchIndex.DocumentTokens>
    /// The last build's search index, shard by shard (nil: none is kept).
    let searchIndex: SearchIndexCache?

    /// Holds what the stages before made (`Builder.renderMarkdown`, `Builder.makeCards`) and
    /// converts the values every page shares once; renders nothing.
    init(site: Site, theme: Theme, output: OutputFolder, bodies: RenderedBodies, values: TemplateValues,
         searchTokens: RecordPack<SearchIndex.DocumentTokens> = SearchIndex.tokenCache(file: nil), searchIndex: SearchIndexCache? = nil) {
        self.searchTokens = searchTokens
        self.searchIndex = searchIndex
        self.site = site
        self.theme = theme
        self.output = output
        self.markdown = bodies.markdown
        self.posts = bodies.posts
        self.pages = bodies.pages
        self.sectionTexts = bodies.sectionTexts
        self.relatedPosts = bodies.related
        self.values = values
        self.dates = values.dates
        self.author = StructuredData.person(site.config)
        self.themeFingerprint = theme.fingerprint
        self.ads = site.config.ads.map { AdSlots(config: $0, place: { theme.string("ad_" + $0.rawValue) }) }
        // Each slot's values made once, and everything else that shows a slot made from them.
        let slots = ads.map { ads in AdsConfig.Position.allCases.reduce(into: [:]) { $0[$1] = ads.values($1) } } ?? [:]
        self.adSlotValue = PerThread(slots.mapValues { TemplateValue($0) }, slot: "ad slots") { $0.mapValues(\.copy) }
        let adsValues = ads.map { TemplateValues.compact(["head": $0.headScript, "footer": slots[.footer]]) }
        self.adsValue = adsValues.map { PerThread(TemplateValue($0), slot: "ads", copy: \.copy) }
        self.inArticleAd = slots[.inArticle].map { theme.render(partial: "partials/ad", TemplateValue($0)) }
        self.commissionBoxValue = PerThread(TemplateValue(Self.commissionBoxValues(site)), slot: "commission box", copy: \.copy)
        let siteWideValue = TemplateValue(values.siteWide)
        self.siteWideValue = PerThread(siteWideValue, slot: "site", copy: \.copy)
        var siteHasher = StableHasher()
        siteWideValue.combine(into: &siteHasher)
        self.siteWideHash = siteHasher.value
    }

    var url: SiteURL { site.config.baseURL }
    func t(_ key: String) -> String { theme.string(key) }

    /// Renders one HTML page through a layout and writes it; records it for the sitemap.
    /// The page is a pure function of its layout and values, which make its key.
    func writePage(_ meta: PageMeta, layout: String, values pageValues: [String: Any]) throws {
        let root = pageContext(meta, pageValues)
        try write(meta, key: key(PageInputs(.layout(layout), .values(root)))) { theme.render(layout, root) }
    }

    /// The same for a page whose inputs the caller declared without making its values:
    /// `make` runs only when the previous build's file cannot stay. It completes `meta`
    /// (its structured data, say) and returns the values; it must read nothing `inputs`
    /// does not list.
    func writePage(_ meta: PageMeta, layout: String, inputs: [PageInputs.Item], make: @escaping (inout PageMeta) -> [String: Any]) throws {
        try write(meta, key: key(PageInputs([.layout(layout)] + inputs))) {
            var meta = meta
            let values = make(&meta)
            return self.theme.render(layout, self.pageContext(meta, values))
        }
    }

    private func write(_ meta: PageMeta, key: UInt64, render: () -> [UInt8]) throws {
        let file = URLPath.outputFile(for: meta.path)
        if try !output.reuse(file, key: key) {
            try output.write(file, bytes: render(), key: key)
        }
        if let source = meta.source { lock.withLock { sources[file] = source } }
        if meta.inSitemap {
            lock.withLock { sitemapEntries.append(Sitemap.Entry(path: meta.path, lastmod: meta.lastmod)) }
        }
    }

    /// A page's whole context: its own values, then what every page reads (`site`, `t`,
    /// `page`, and `ads` where the page shows ads); of two pairs with one key, the later wins.
    private func pageContext(_ meta: PageMeta, _ pageValues: [String: Any]) -> TemplateValue {
        var pairs: [(TemplateKey, TemplateValue)] = []
        pairs.reserveCapacity(pageValues.count + 4)
        for (key, value) in pageValues {
            if let value = TemplateValue.from(value) { pairs.append((TemplateKey(key), value)) }
        }
        pairs.append((Self.siteKey, siteWideValue.value))
        pairs.append((Self.stringsKey, theme.stringsValue))
        pairs.append((Self.pageKey, meta.values(site: site)))
        if meta.showsAds, let adsValue { pairs.append((Self.adsKey, adsValue.value)) }
        return .object(TemplateObject(keyed: pairs))
    }

    /// An ad slot's values (nil: the site has no such slot).
    func adSlot(_ position: AdsConfig.Position) -> TemplateValue? {
        adSlotValue.value[position]
    }

    private static let siteKey = TemplateKey("site"), stringsKey = TemplateKey("t"), pageKey = TemplateKey("page"), adsKey = TemplateKey("ads")

    var sitemap: [Sitemap.Entry] { lock.withLock { sitemapEntries } }
    /// Output file → the content file it was made from.
    var pageSources: [String: String] { lock.withLock { sources } }

    /// Up to three other posts sharing the most tags, newest first among equals.
    func related(to index: Int) -> [Int] { relatedPosts.related(to: index) }

    /// Related posts, indexed once (read from several threads: a `let`).
    let relatedPosts: RelatedPosts
}

extension BuildContext {
    /// The "commissions welcome" box for a post: on unless the site or the post turns it off,
    /// and only when there is a contact page to send readers to.
    func commissionBox(showsFor frontMatter: FrontMatter) -> TemplateValue? {
        guard site.config.commissionBox, site.config.contact != nil, !frontMatter.commissionsOff else { return nil }
        return commissionBoxValue.value
    }

    /// The box's values: the same under every post (made once, see `adSlotValue`).
    private static func commissionBoxValues(_ site: Site) -> [String: Any] {
        let url = site.config.baseURL, availability = site.services?.availability
        return TemplateValues.compact([
            "url": url.link(FreelanceLinks.contact),
            "servicesURL": site.services == nil ? nil : url.link(FreelanceLinks.services),
            "closed": availability?.accepting == false ? true : nil,
            "note": availability?.note,
        ])
    }
}
