import Foundation

/// Steps that write the files around the pages: copies, feeds, sitemap,
/// robots.txt, redirects for old URLs and the 404 page.
extension BuildStep {
    static let staticFiles = BuildStep(name: "static files") { context in
        for file in context.site.staticFiles {
            try context.output.copy(from: file.source, to: file.destination)
        }
    }

    static let feeds = BuildStep(name: "feeds") { context in
        let site = context.site
        let items = site.posts.indices.prefix(site.config.feedLimit).map { FeedItem(post: site.posts[$0], content: context.posts[$0]) }
        try context.output.write(String(SiteLinks.atom.dropFirst()), Feeds.atom(items, site: site, dates: context.dates), isPage: false)
        try context.output.write(String(SiteLinks.rss.dropFirst()), Feeds.rss(items, site: site, dates: context.dates), isPage: false)
    }

    /// A small page at each old address (`aliases:`) that sends readers and search engines on.
    static let aliases = BuildStep(name: "aliases") { context in
        let owners = context.site.posts.map { ($0.path, $0.frontMatter.aliases, $0.title, $0.file) }
            + context.site.pages.map { ($0.path, $0.frontMatter.aliases, $0.title, $0.file) }
        let refused = owners.flatMap { _, aliases, _, file in aliases.compactMap { SiteLinks.aliasProblem($0, in: file) } }
        guard refused.isEmpty else { throw BuildFailure(refused) }
        var redirects: [String] = []
        // Netlify / Cloudflare Pages: one "FROM TO 301" line per old address (Netlify reads a
        // query as "FROM key=value TO 301"), and a page at the old address that sends readers on.
        func redirect(from: String, query: String? = nil, to target: String, title: String) throws {
            let link = target.hasPrefix("/") ? context.url.link(target) : target
            let fromLink = context.url.link(from.hasSuffix("/") && from.count > 1 ? String(from.dropLast()) : from)
            redirects.append("\(query.map { "\(context.url.link(from)) \($0)" } ?? fromLink) \(link) 301")
            guard query == nil else { return }
            let to = target.hasPrefix("/") ? context.url.absolute(target) : target
            let html = """
                <!DOCTYPE html>
                <html lang="\(context.site.config.language.rawValue)">
                <head>
                <meta charset="utf-8">
                <title>\(Escape.html(title))</title>
                <link rel="canonical" href="\(Escape.html(to))">
                <meta name="robots" content="noindex">
                <meta http-equiv="refresh" content="0; url=\(Escape.html(to))">
                </head>
                <body><p><a href="\(Escape.html(to))">\(Escape.html(title))</a></p></body>
                </html>

                """
            try context.output.write(URLPath.outputFile(for: from), html, isPage: false)
        }
        for (target, aliases, title, _) in owners {
            for alias in aliases { try redirect(from: SiteLinks.alias(alias), to: target, title: title) }
        }
        for old in context.site.config.redirects { try redirect(from: old.path, query: old.query, to: old.to, title: old.to) }
        if !redirects.isEmpty {
            try context.output.write("_redirects", redirects.joined(separator: "\n") + "\n", isPage: false)
        }
    }

    static let notFound = BuildStep(name: "404") { context in
        let meta = PageMeta(path: SiteLinks.notFound, title: context.t("not_found"), description: "", inSitemap: false)
        try context.writePage(meta, layout: "404", values: [:])
    }

    /// The icon every page links to, when site.yml names none of its own.
    static let favicon = BuildStep(name: "favicon") { context in
        guard context.site.config.favicon == nil else { return }
        try context.output.write(String(SiteLinks.favicon.dropFirst()), Favicon.svg(title: context.site.config.title), isPage: false)
    }

    /// Last, because it lists every page the steps before it wrote.
    /// A build that changed no address and no date neither sorts nor formats its 15,000 lines again.
    static let sitemap = BuildStep(name: "sitemap") { context in
        let entries = context.sitemap
        let key = context.key(PageInputs(.sitemap(entries)))
        let file = String(SiteLinks.sitemap.dropFirst())
        if try !context.output.reuse(file, key: key, isPage: false) {
            try context.output.write(file, Sitemap.xml(entries, url: context.url, dates: context.dates), isPage: false, key: key)
        }
        try context.output.write(String(SiteLinks.robots.dropFirst()), Sitemap.robots(url: context.url), isPage: false)
    }
}
