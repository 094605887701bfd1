import Foundation

/// What every build step reads (the site, the theme, the rendered bodies) and
/// where it writes (the output folder and the sitemap's list of pages).
final class BuildContext: @unchecked Sendable { // its `let`s never change; the sitemap entries and sources only under `lock`
    let site: Site
    let theme: Theme
    /// Rendered bodies, parallel to `site.posts` and `site.pages`.
    let posts: [RenderedContent]
    let pages: [RenderedContent]
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
    /// Their hash, part of every page's key.
    private let siteWideHash: UInt64

    /// Hash of the theme, part of every page's key.
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
        self.relatedPosts = bodies.related
        self.values = values
        self.dates = values.dates
        self.author = StructuredData.person(site.config)
        self.themeFingerprint = theme.fingerprint
        self.ads = site.config.ads.map(AdSlots.init)
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
    /// The page is a pure function of its layout and values: their hash says whether the
    /// previous build's file can stay.
    func writePage(_ meta: PageMeta, layout: String, values pageValues: [String: Any]) throws {
        let root = pageContext(meta, pageValues)
        var hasher = StableHasher()
        hasher.combine(themeFingerprint) // the theme's texts and its UI strings (`t`)
        hasher.combine(siteWideHash)     // `site`, the same on every page
        hasher.combine(layout)
        root.combine(into: &hasher, skipping: ["site", "t"])
        try write(meta, layout: layout, key: hasher.value) { root }
    }

    /// The same for a page whose inputs the caller hashed (`inputs`) without making its
    /// values: `make` runs only when the previous build's file cannot stay. It completes
    /// `meta` (its structured data, say) and returns the values.
    /// The caller's hash must cover everything `make` reads, beyond the theme, the
    /// site-wide values and the settings files, which are added here.
    func writePage(_ meta: PageMeta, layout: String, inputs: UInt64, make: @escaping (inout PageMeta) -> [String: Any]) throws {
        var hasher = StableHasher()
        hasher.combine(themeFingerprint)
        hasher.combine(siteWideHash)
        hasher.combine(site.settingsHash)
        hasher.combine(layout)
        hasher.combine(inputs)
        try write(meta, layout: layout, key: hasher.value) {
            var meta = meta
            let values = make(&meta)
            return self.pageContext(meta, values)
        }
    }

    private func write(_ meta: PageMeta, layout: String, key: UInt64, context make: () -> TemplateValue) throws {
        let file = URLPath.outputFile(for: meta.path)
        if try !output.reuse(file, key: key) {
            try output.write(file, bytes: theme.render(layout, make()), key: key)
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

    /// Everything a post's page is made from besides the theme and the settings, hashed
    /// without making its values: the file as written, what its body was rendered from, its card (title,
    /// URL, dates, summary, reading time, tags…), its neighbours' titles and URLs and its
    /// related posts' cards.
    func postPageInputs(_ index: Int, related: [Int]) -> UInt64 {
        let card = values.cardHash(index)
        let post = site.posts[index]
        var hasher = StableHasher()
        hasher.combine(post.file.source)
        hasher.combine(post.file.textHash)
        hasher.combine(post.path)
        hasher.combine(posts[index].key) // the rendered body's inputs
        hasher.combine(card)
        for neighbour in [index - 1, index + 1] {
            guard site.posts.indices.contains(neighbour) else { hasher.combine(0); continue }
            hasher.combine(site.posts[neighbour].title)
            hasher.combine(site.posts[neighbour].path)
        }
        hasher.combine(related.count)
        for other in related { hasher.combine(values.cardHash(other)) }
        return hasher.value
    }

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
