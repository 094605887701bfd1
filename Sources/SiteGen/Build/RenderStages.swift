import Foundation

/// What the render-Markdown stage makes: every post's and page's body, parallel to
/// `site.posts` and `site.pages`, and the related posts.
struct RenderedBodies {
    let markdown: MarkdownRenderer
    let posts: [RenderedContent]
    let pages: [RenderedContent]
    let related: RelatedPosts
    /// Each `_index.md`'s HTML by the list page that shows it (few, so never cached).
    let sectionTexts: [String: String]
}

extension Builder {
    /// Markdown → HTML for every post and page, on every core; a body whose inputs did not
    /// change comes from `cache`. Related posts follow from the tags alone: found on another
    /// thread meanwhile.
    static func renderMarkdown(_ site: Site, theme: Theme, cache: MarkdownCache, related store: RelatedPostsStore,
                               warm: WarmCaches?) -> RenderedBodies {
        var renderer = MarkdownRenderer(allowRawHTML: site.config.allowRawHTML, basePath: site.config.baseURL.basePath,
                                        footnotesLabel: theme.string("footnotes"), hatena: site.config.hatenaNotation,
                                        highlight: site.config.highlightCode, tableOfContents: site.config.tableOfContents,
                                        tocLabel: theme.string("toc"), reservedIDs: theme.ids)
        renderer.shortcodes = ShortcodeRenderer(theme: theme, addresses: site.addressesBySource, baseURL: site.config.baseURL)
        renderer.images = site.images
        let markdown = renderer
        let language = site.config.language
        let tags = site.posts.map { $0.tags.map(\.slug) }
        let related = Parallel.later {
            let findRelated = { store.relatedPosts(tags: tags) }
            return warm?.relatedPosts(tags: tags, make: findRelated) ?? findRelated()
        }
        // By index: handing each post to the closure copied it (a retain per field, 10,000 times).
        let posts = Parallel.map(Array(site.posts.indices)) { index in
            cache.rendered(site.posts[index].file, renderer: markdown.for(site.posts[index].file, at: site.posts[index].path), siteLanguage: language)
        }
        let pages = Parallel.map(Array(site.pages.indices)) { index in
            cache.rendered(site.pages[index].file, renderer: markdown.for(site.pages[index].file, at: site.pages[index].path), siteLanguage: language)
        }
        let sectionTexts = Dictionary(site.sectionTexts.map { ($0.path, markdown.render($0.markdown).html) }) { first, _ in first }
        return RenderedBodies(markdown: markdown, posts: posts, pages: pages, related: related.value, sectionTexts: sectionTexts)
    }

    /// Every post's card (title, date, summary, tags… and its HTML, `partials/post-card`),
    /// hashed now and converted when a page first shows it (list pages, archives and related
    /// posts), then kept: the search index, written before any page, never holds them all.
    /// A card whose inputs did not change takes its HTML from `cache`. The HTML follows from
    /// the card and the theme, which every page key holds, so the card is hashed without it.
    static func makeCards(_ site: Site, theme: Theme, bodies: [RenderedContent], cache: CardCache) -> TemplateValues {
        var values = TemplateValues(site: site, contents: bodies, dates: DateFormat(calendar: site.calendar, language: site.config.language))
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        hasher.combine(theme.fingerprint)
        hasher.combine(site.settingsHash)
        hasher.combine(site.calendar.timeZone.identifier)
        let siteInputs = hasher.value
        let cards = SharedReadOnly(value: values)
        @Sendable func withHTML(_ card: TemplateValue, _ html: String) -> TemplateValue { card.adding(["cardHTML": .text(html)]) ?? card }
        values.attachCards(Parallel.map(Array(site.posts.indices)) { index in
            let key = cards.value.cardInputs(index, site: siteInputs)
            if let kept = cache.kept(key) {
                return SharedTemplateValue(hash: kept.hash) { withHTML(cards.value.typedCard(index), kept.html.value) }
            }
            let hash = SharedTemplateValue(cards.value.typedCard(index)).hash
            return SharedTemplateValue(hash: hash) {
                let card = cards.value.typedCard(index)
                let html = theme.render(partial: "partials/post-card", card)
                cache.add(key, CardCache.Card(html: LazyText(html), hash: hash))
                return withHTML(card, html)
            }
        })
        return values
    }
}
