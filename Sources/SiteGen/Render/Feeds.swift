import Foundation

/// One entry of a feed, already rendered.
struct FeedItem {
    var post: Post
    var content: RenderedContent
}

/// Atom (`/feed.xml`) and RSS 2.0 (`/rss.xml`). Written by code, not templates,
/// so every value goes through `Escape.xml` and the XML is well-formed whatever
/// the titles contain (`]]>` included: nothing here uses CDATA).
enum Feeds {
    static func atom(_ items: [FeedItem], site: Site, dates: DateFormat) -> String {
        let config = site.config
        let url = config.baseURL
        let updated = items.map(\.post.updated).max() ?? Date(timeIntervalSince1970: 0)
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(config.language.rawValue)" xml:base="\(Escape.xml(url.root))">
        <title>\(Escape.xml(config.title))</title>
        <subtitle>\(Escape.xml(config.description))</subtitle>
        <link href="\(Escape.xml(url.absolute(SiteLinks.atom)))" rel="self" type="application/atom+xml"/>
        <link href="\(Escape.xml(url.root))" rel="alternate" type="text/html"/>
        <id>\(Escape.xml(url.root))</id>
        <updated>\(dates.iso(updated))</updated>
        <author><name>\(Escape.xml(config.author.name.isEmpty ? config.title : config.author.name))</name></author>
        <generator>sitegen</generator>

        """
        for item in items {
            let link = url.absolute(item.post.path)
            xml += """
            <entry xml:lang="\(item.content.language.rawValue)">
            <title type="text">\(Escape.xml(item.post.title))</title>
            <link href="\(Escape.xml(link))" rel="alternate" type="text/html"/>
            <id>\(Escape.xml(link))</id>
            <published>\(dates.iso(item.post.date))</published>
            <updated>\(dates.iso(item.post.updated))</updated>
            \(item.post.tags.map { "<category term=\"\(Escape.xml($0.name))\"/>" }.joined())
            <summary type="text">\(Escape.xml(item.content.summary))</summary>
            <content type="html">\(Escape.xml(item.content.html))</content>
            </entry>

            """
        }
        return xml + "</feed>\n"
    }

    static func rss(_ items: [FeedItem], site: Site, dates: DateFormat) -> String {
        let config = site.config
        let url = config.baseURL
        let updated = items.map(\.post.updated).max() ?? Date(timeIntervalSince1970: 0)
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel>
        <title>\(Escape.xml(config.title))</title>
        <link>\(Escape.xml(url.root))</link>
        <description>\(Escape.xml(config.description))</description>
        <language>\(config.language.rawValue)</language>
        <lastBuildDate>\(dates.rfc822(updated))</lastBuildDate>
        <atom:link href="\(Escape.xml(url.absolute(SiteLinks.rss)))" rel="self" type="application/rss+xml"/>
        <generator>sitegen</generator>

        """
        for item in items {
            let link = url.absolute(item.post.path)
            xml += """
            <item>
            <title>\(Escape.xml(item.post.title))</title>
            <link>\(Escape.xml(link))</link>
            <guid isPermaLink="true">\(Escape.xml(link))</guid>
            <pubDate>\(dates.rfc822(item.post.date))</pubDate>
            \((item.post.categories + item.post.tags).map { "<category>\(Escape.xml($0.name))</category>" }.joined())
            <description>\(Escape.xml(item.content.summary))</description>
            <content:encoded>\(Escape.xml(Self.absoluteLinks(item.content.html, origin: url.origin)))</content:encoded>
            </item>

            """
        }
        return xml + "</channel>\n</rss>\n"
    }

    /// RSS has no xml:base; readers need absolute URLs in the content.
    static func absoluteLinks(_ html: String, origin: String) -> String {
        html.replacingAll("href=\"/", with: "href=\"\(origin)/")
            .replacingAll("src=\"/", with: "src=\"\(origin)/")
            .replacingAll("=\"\(origin)//", with: "=\"//")
    }
}

/// `/sitemap.xml` and `/robots.txt`.
enum Sitemap {
    struct Entry: Sendable {
        var path: String
        var lastmod: Date?
    }

    static func xml(_ entries: [Entry], url: SiteURL, dates: DateFormat) -> String {
        // One line per page, made on every core: a 10,000-post site has 15,000 of them.
        let lines = Parallel.map(entries.sorted(by: { $0.path < $1.path })) { entry in
            "<url><loc>\(Escape.xml(url.absolute(entry.path)))</loc>"
                + (entry.lastmod.map { "<lastmod>\(dates.iso($0))</lastmod>" } ?? "") + "</url>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            + lines.joined() + "</urlset>\n"
    }

    static func robots(url: SiteURL) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(url.absolute(SiteLinks.sitemap))\n"
    }
}
