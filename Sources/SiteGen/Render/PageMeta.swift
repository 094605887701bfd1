import Foundation

/// What the `<head>` of one page says about it: title, description, canonical
/// URL, social cards and structured data.
struct PageMeta {
    var path: String
    var title: String
    var description: String
    var ogType = "website"
    var image: String?
    var language: Language?
    var breadcrumbs: [(name: String, path: String)] = []
    var structuredData: [JSONValue] = []
    var lastmod: Date?
    var inSitemap = true
    /// False for `ads: false` pages and, by default, the services and contact pages.
    var showsAds = true
    /// The content file the page was made from, so checks can point at it.
    var source: String?

    /// Typed: every page has them, and converting a dictionary of `Any` cast each value.
    func values(site: Site) -> TemplateValue {
        let config = site.config
        let url = config.baseURL
        let isHome = path == SiteLinks.home
        var data = structuredData
        if breadcrumbs.count > 1 { data.append(StructuredData.breadcrumbs(breadcrumbs, config: config)) }
        return TemplateValue.compact([
            ("title", .text(title)),
            ("headTitle", .text(isHome || title.isEmpty ? config.title : "\(title) | \(config.title)")),
            ("description", .text(description.isEmpty ? config.description : description)),
            ("canonical", .text(url.absolute(path))),
            ("ogType", .text(ogType)),
            ("image", image.map { .text($0) }),
            ("twitterCard", .text(image == nil ? "summary" : "summary_large_image")),
            ("jsonld", .html(LazyText(utf8: StructuredData.script(data)))),
            ("isHome", isHome ? .flag(true) : nil),
            ("redirectScript", isHome && !config.redirects.isEmpty ? .html(LazyText(utf8: Redirect.queryScript(config.redirects, url: url))) : nil),
            ("noindex", inSitemap ? nil : .flag(true)),
        ])
    }
}
