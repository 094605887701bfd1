import Foundation

/// Every site path the build generates, in one place, so templates, feeds,
/// the sitemap and tests agree on where things live.
public enum SiteLinks {
    public static let home = "/"
    public static let tags = "/tags/"
    public static let categories = "/categories/"
    public static let archives = "/archives/"
    public static let atom = "/feed.xml"
    public static let rss = "/rss.xml"
    public static let sitemap = "/sitemap.xml"
    public static let robots = "/robots.txt"
    public static let notFound = "/404.html"
    public static let assets = "/assets/"

    /// Paths the build writes itself; a post, page or alias may not take them. Under
    /// `/archives/` only the index, its pages and the year and month pages the posts make
    /// (`archivePages`): `/archives/123/` is WordPress's common address for post 123.
    static let reservedPrefixes = ["/tags/", "/categories/", "/archives/page/", "/page/", "/assets/", "/search/"]
    static let reservedPaths: Set<String> = ["/", "/services/", "/works/", "/contact/", "/feed.xml", "/rss.xml", "/archives/",
                                             "/sitemap.xml", "/robots.txt", "/404.html", "/ads.txt", "/_redirects"]

    /// The year and month archive pages of these posts.
    static func archivePages(_ posts: [Post], calendar: Calendar) -> Set<String> {
        var pages = Set<String>()
        for post in posts {
            let parts = DateFormat.parts(post.date, calendar: calendar)
            pages.insert(year(parts.year))
            pages.insert(month(year: parts.year, month: parts.month))
        }
        return pages
    }

    static func isReserved(_ path: String) -> Bool {
        // Prefixes compared by bytes (they are ASCII): `hasPrefix` compares characters, 60,000 times a build.
        reservedPrefixes.contains { path.utf8.starts(with: $0.utf8) } || reservedPaths.contains(path)
    }

    public static func tag(_ term: Term) -> String { "/tags/\(term.slug)/" }
    public static func category(_ term: Term) -> String { "/categories/\(term.slug)/" }
    public static func year(_ year: Int) -> String { "/archives/\(year)/" }
    public static func month(year: Int, month: Int) -> String { "/archives/\(year)/\(month < 10 ? "0" : "")\(month)/" }

    /// Page `n` (1-based) of a paginated list that starts at `first`.
    public static func page(_ n: Int, of first: String) -> String {
        n <= 1 ? first : first + "page/\(n)/"
    }

    /// An alias as written (`/entry/2017/09/18/old`, `old.html`) as a site path.
    /// Why an alias cannot be a page of this site (another host, a path that would leave the
    /// output folder, a name no file system takes), said of the post; nil when it can.
    static func aliasProblem(_ written: String, in file: ContentFile) -> SiteError? {
        let path = alias(written)
        let trimmed = written.trimmingCharacters(in: .whitespaces)
        let otherHost = trimmed.hasPrefix("//") || (trimmed.contains("://") && SiteURL(trimmed) == nil)
        let tooLong = path.split(separator: "/").contains { $0.utf8.count > 200 }
        guard otherHost || tooLong || URLPath.hasUnsafeSegment(path) || path.utf8.contains(0) else { return nil }
        return SiteError(file: file.source, line: file.frontMatter.raw.line(of: "aliases"),
                         Message("alias.invalid", ["alias": SafeURL.shown(written)]))
    }

    /// A body's first image, when it can be a share card: given from the site's root or as an
    /// http(s) URL (a relative one depends on the page it is on).
    static func shareable(firstInBody written: String?) -> String? {
        guard let written, written.hasPrefix("/") || written.lowercased().hasPrefix("http") else { return nil }
        return written
    }

    /// The icon sitegen makes when site.yml names none.
    static let favicon = "/favicon.svg"

    public static func alias(_ written: String) -> String {
        var path = written.trimmingCharacters(in: .whitespaces)
        if let url = SiteURL(path) { path = url.basePath } // a full old URL: keep its path
        if !path.hasPrefix("/") { path = "/" + path }
        let last = path.split(separator: "/").last ?? ""
        if !path.hasSuffix("/") && !last.contains(".") { path += "/" }
        return path
    }
}
