import Foundation

/// What every build step reads (the site, the theme, the rendered bodies) and
/// where it writes (the output folder and the sitemap's list of pages).
final class BuildContext: @unchecked Sendable {
    let site: Site
    let theme: Theme
    /// Rendered bodies, parallel to `site.posts` and `site.pages`.
    let posts: [RenderedContent]
    let pages: [RenderedContent]
    let dates: DateFormat
    let values: TemplateValues
    let output: OutputFolder
    private let lock = NSLock()
    private var sitemapEntries: [Sitemap.Entry] = []

    init(site: Site, theme: Theme, output: OutputFolder) {
        self.site = site
        self.theme = theme
        self.output = output
        let markdown = MarkdownRenderer(allowRawHTML: site.config.allowRawHTML, basePath: site.config.baseURL.basePath,
                                        footnotesLabel: theme.string("footnotes"))
        let language = site.config.language
        self.posts = site.posts.map { RenderedContent($0.file, renderer: markdown, siteLanguage: language) }
        self.pages = site.pages.map { RenderedContent($0.file, renderer: markdown, siteLanguage: language) }
        self.dates = DateFormat(calendar: site.calendar, language: language)
        self.values = TemplateValues(site: site, contents: posts, dates: dates, theme: theme)
    }

    var url: SiteURL { site.config.baseURL }
    func t(_ key: String) -> String { theme.string(key) }

    /// Renders one HTML page through a layout and writes it; records it for the sitemap.
    func writePage(_ meta: PageMeta, layout: String, values pageValues: [String: Any]) throws {
        var context = pageValues
        context["site"] = values.siteValues()
        context["t"] = theme.strings
        context["page"] = meta.values(site: site)
        let html = theme.render(layout: layout, context: context)
        try output.write(URLPath.outputFile(for: meta.path), html)
        if meta.inSitemap {
            lock.withLock { sitemapEntries.append(Sitemap.Entry(path: meta.path, lastmod: meta.lastmod)) }
        }
    }

    var sitemap: [Sitemap.Entry] { lock.withLock { sitemapEntries } }

    /// Up to three other posts sharing the most tags, newest first among equals.
    func related(to index: Int) -> [Int] {
        var scores: [Int: Int] = [:]
        for term in site.posts[index].tags {
            for other in tagIndex[term.slug] ?? [] where other != index { scores[other, default: 0] += 1 }
        }
        return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
    }

    private(set) lazy var tagIndex: [String: [Int]] = Dictionary(
        uniqueKeysWithValues: site.tags.map { ($0.term.slug, $0.posts) })
}
