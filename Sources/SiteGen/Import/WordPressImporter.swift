import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `sitegen import wordpress export.xml`: WordPress's own export made sitegen posts and pages.
/// Published posts and pages as they are; drafts, pending, private and scheduled ones as
/// drafts. Categories and tags by name, the date from `post_date_gmt`, the excerpt as the
/// description. The body: block-editor comments removed and its blocks (paragraph, heading,
/// list, quote, image, gallery, code, preformatted, table, separator, embed) made Markdown or
/// sitegen shortcodes; the classic editor's paragraphs (blank lines) made paragraphs, its
/// `[caption]`, `[gallery]` and `[embed]` converted, other shortcodes reported by post and
/// left as written; what Markdown cannot say kept as HTML, with `html: true`. Each post keeps
/// the address WordPress showed it at and `/archives/ID` as aliases. Comments are counted, not
/// imported. Images in the old site's uploads stay linked where they are, or with
/// `downloadImages` are fetched into `Content/images/wp/` and linked there (the old host may go).
public struct WordPressImporter {
    public struct Report: Sendable {
        public var posts = 0
        public var pages = 0
        public var drafts = 0
        public var keptHTML = 0
        public var attachments = 0
        public var comments = 0
        public var imagesDownloaded = 0
        /// Old tag, category and `?p=ID` addresses sent on (in site.yml, or in wordpress-redirects.yml to copy there).
        public var redirects = 0
        public var redirectsByHand = false
        /// Each author with their number of posts, the most prolific (the site's author) first.
        public var authors: [String] = []
        public var skipped: [String] = []
        /// Shortcodes of plugins, by post, left as written.
        public var warnings: [SiteError] = []
    }

    let destination: URL
    let force: Bool
    let downloadImages: Bool

    public init(destination: URL, force: Bool = false, downloadImages: Bool = false) {
        self.destination = destination.standardizedFileURL
        self.force = force
        self.downloadImages = downloadImages
    }

    public func run(_ data: Data, file: String) async throws -> Report {
        let export = try WordPressExport.parse(data, file: file)
        var report = Report()
        var files = ImportedFiles(destination: destination, force: force)
        let entries = export.items.filter { ($0.type == "post" || $0.type == "page") && !["trash", "auto-draft", "inherit"].contains($0.status) }
        // Authors by their posts, the most prolific first: the site's author is theirs.
        let byPosts = Self.authors(entries, names: export.authors)
        report.authors = byPosts.map { "\($0.name) (\($0.posts))" }
        let ownsSettings = !FileManager.default.fileExists(atPath: destination.appendingPathComponent("Content/site.yml").path)
        if ownsSettings { try files.write("Content/site.yml", Self.siteYML(export, author: byPosts.first?.name)) }
        // Old addresses no post can hold as an alias: tag and category pages, `/?p=ID`.
        var redirects: [(from: String, to: String)] = []
        try files.themeIfMissing()
        // The site's permalink and zone, for the new addresses (an old one that equals its new one is no alias).
        let config = try SiteLoader(root: destination.path, options: ContentOptions()).loadConfig()
        let calendar = DateParser(timeZone: config.timeZone).calendar
        let attachments = Dictionary(export.items.filter { $0.type == "attachment" }.map { ($0.id, $0.attachmentURL ?? $0.link) }) { a, _ in a }
        report.attachments = attachments.count
        let origin = URLComponents(string: export.siteURL).map { "\($0.scheme ?? "https")://\($0.host ?? "")" } ?? ""
        // `/slug/`, which WordPress answers for any post, is kept where no page, other post or
        // address of sitegen's has it.
        let slugCounts = Dictionary(entries.map { ("/" + Self.fileSlug($0) + "/", 1) }, uniquingKeysWith: +)
        var made: [(name: String, text: String, draft: Bool, keptHTML: Bool, isPost: Bool)] = []
        for item in entries {
            report.comments += item.comments
            var converted = WordPressContent(attachments: attachments)
            let body = converted.markdown(item.content)
            for name in converted.unknownShortcodes {
                report.warnings.append(SiteError(file: file, line: item.line, Message("import.wordpress.shortcode", ["name": name, "title": item.title]),
                                                 severity: .warning))
            }
            let draft = item.status != "publish"
            let slug = item.slug.isEmpty ? (Slug.make(item.title).isEmpty ? "\(item.id)" : Slug.make(item.title)) : item.slug
            var aliases: [String] = []
            if let path = URLComponents(string: item.link)?.path, !path.isEmpty, path != "/", item.link.hasPrefix(origin) || origin.isEmpty {
                aliases.append(path)
            }
            let fileSlug = Self.fileSlug(item)
            if item.type == "post" && !draft {
                // The other addresses WordPress answers for a post: `/archives/ID`, the date form (by the local date) and `/slug/`.
                if item.id > 0 { aliases.append("/archives/\(item.id)/") }
                let day = item.date.prefix(10).split(separator: "-")
                if day.count == 3, !item.date.hasPrefix("0000") { aliases.append("/\(day.joined(separator: "/"))/\(slug)/") }
                let bare = "/\(fileSlug)/"
                if slugCounts[bare] == 1, !SiteLinks.isReserved(bare) { aliases.append("/\(slug)/") }
            }
            // As site paths: `/archives/101` and `/archives/101/` are one address.
            aliases = FrontMatter.unique(aliases.map(SiteLinks.alias))
            let date = Self.isoDate(gmt: item.dateGMT, local: item.date)
            let parsedDate = date.flatMap { DateParser(timeZone: config.timeZone).parse($0) }
            let newPath = item.type == "page" ? "/\(fileSlug)/" : parsedDate.map { config.permalink.path(slug: fileSlug, date: $0, calendar: calendar) }
            aliases.removeAll { $0 == newPath || URLPath.decode($0) == newPath }
            if let newPath, item.id > 0, !draft { redirects.append((item.type == "post" ? "/?p=\(item.id)" : "/?page_id=\(item.id)", newPath)) }
            for (key, nicename) in item.nicenames {
                let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let (old, new) = parts[0] == "post_tag" ? ("/tag/", "/tags/") : ("/category/", "/categories/")
                let slug = Slug.make(parts[1])
                if !slug.isEmpty && slug != nicename { redirects.append((old + nicename + "/", new + slug + "/")) }
            }
            var lines = ["---", "title: \(NewContent.yamlString(item.title))"]
            // sitegen shows one author, the site's: the others' names are kept on their posts.
            if byPosts.count > 1, let author = export.authors[item.author] ?? (item.author.isEmpty ? nil : item.author) {
                lines.append("author: \(NewContent.yamlString(author))")
            }
            if let date { lines.append("date: \(date)") }
            if item.type == "post" { lines.append("slug: \(NewContent.yamlString(slug))") }
            if !item.categories.isEmpty { lines.append("categories: [\(item.categories.map(NewContent.yamlString).joined(separator: ", "))]") }
            if !item.tags.isEmpty { lines.append("tags: [\(item.tags.map(NewContent.yamlString).joined(separator: ", "))]") }
            let excerpt = item.excerpt.trimmingCharacters(in: .whitespacesAndNewlines)
            if !excerpt.isEmpty { lines.append("description: \(NewContent.yamlString(excerpt))") }
            if !aliases.isEmpty { lines.append("aliases: [\(aliases.map(NewContent.yamlString).joined(separator: ", "))]") }
            if draft { lines.append("draft: true") }
            if item.sticky { lines.append("pinned: true") }
            if converted.keptHTML { lines.append("html: true") }
            lines.append("---")
            let text = lines.joined(separator: "\n") + "\n" + body + "\n"
            let name: String
            if item.type == "post" {
                name = "Content/posts/\((date ?? "0000-00-00").prefix(10))-\(fileSlug).md"
            } else {
                name = "Content/pages/\(fileSlug).md"
            }
            made.append((name, text, draft, converted.keptHTML, item.type == "post"))
        }
        var local: [String: String] = [:] // an image's old address → its site path
        if downloadImages {
            let wanted = Set(made.flatMap { Self.uploads(in: $0.text) })
            for (url, result) in await RemoteFiles.fetch(wanted.sorted()) {
                switch result {
                case .success(let bytes):
                    let relative = "images/wp/" + Self.uploadPath(url)
                    if try files.write("Content/" + relative, data: bytes) { report.imagesDownloaded += 1 }
                    local[url] = "/" + relative
                case .failure(let problem):
                    report.warnings.append(SiteError(file: url, Message("import.wordpress.image_failed", ["problem": problem]), severity: .warning))
                }
            }
        }
        for post in made {
            var text = post.text
            // Longest first: no address is rewritten inside a longer one.
            for (url, path) in local.sorted(by: { $0.key.count > $1.key.count }) { text = text.replacingOccurrences(of: url, with: path) }
            guard try files.write(post.name, text) else { continue }
            if post.keptHTML { report.keptHTML += 1 }
            if post.draft { report.drafts += 1 }
            post.isPost ? (report.posts += 1) : (report.pages += 1)
        }
        (report.redirects, report.redirectsByHand) = try files.redirects(redirects, from: "WordPress", ownsSettings: ownsSettings)
        report.skipped = files.skipped
        return report
    }

    /// The addresses of files in a WordPress uploads folder that a body shows or links.
    static func uploads(in text: String) -> [String] {
        text.matches(of: #/https?://[^\s)"'<>\]]+/wp-content/uploads/[^\s)"'<>\]]+/#).map { String($0.0) }
    }

    /// `…/wp-content/uploads/2016/07/a.jpg` → `2016/07/a.jpg` (each part made safe for a file name).
    static func uploadPath(_ url: String) -> String {
        let tail = url.components(separatedBy: "/wp-content/uploads/").last ?? url
        let path = tail.split(separator: "?").first.map(String.init) ?? tail
        return path.split(separator: "/").map { part in
            let decoded = String(part).removingPercentEncoding ?? String(part)
            return String(decoded.map { $0 == "\\" || $0 == ":" ? "-" : $0 }).replacingOccurrences(of: "..", with: "-")
        }.joined(separator: "/")
    }

    /// Each author's display name and number of published posts, the most prolific first.
    static func authors(_ items: [WordPressExport.Item], names: [String: String]) -> [(name: String, posts: Int)] {
        var counts: [String: Int] = [:]
        for item in items where item.type == "post" && item.status == "publish" && !item.author.isEmpty { counts[names[item.author] ?? item.author, default: 0] += 1 }
        return counts.map { (name: $0.key, posts: $0.value) }.sorted { $0.posts != $1.posts ? $0.posts > $1.posts : $0.name < $1.name }
    }

    /// The file name's slug: the post's own, its title's, or its id.
    static func fileSlug(_ item: WordPressExport.Item) -> String {
        let slug = item.slug.isEmpty ? Slug.make(item.title) : Slug.make(item.slug)
        return slug.isEmpty ? "\(item.id)" : slug
    }

    static func siteYML(_ export: WordPressExport, author: String?) -> String {
        ImportedSettings(
            generator: "WordPress", title: export.siteTitle, description: export.description, languageCode: export.language,
            baseURL: export.siteURL.hasPrefix("http") ? (export.siteURL.hasSuffix("/") ? export.siteURL : export.siteURL + "/") : nil,
            permalink: "/:year/:month/:day/:slug/", author: author
        ).yaml
    }

    /// `2016-07-08 01:10:00` (GMT) → `2016-07-08T01:10:00Z`; a draft's GMT date is zero, and its local one is used.
    static func isoDate(gmt: String, local: String) -> String? {
        let valid = { (text: String) in text.count == 19 && !text.hasPrefix("0000") }
        if valid(gmt) { return gmt.replacingOccurrences(of: " ", with: "T") + "Z" }
        if valid(local) { return local }
        return nil
    }
}

/// A WordPress body (block editor or classic) as Markdown.
struct WordPressContent {
    let attachments: [Int: String]
    private(set) var keptHTML = false
    private(set) var unknownShortcodes: [String] = []
    /// Markdown made here, set aside while the HTML is converted (which would escape it).
    private var pieces: [String] = []

    init(attachments: [Int: String]) { self.attachments = attachments }

    mutating func markdown(_ content: String) -> String {
        var html = content.replacingOccurrences(of: "\r\n", with: "\n")
        // Block-editor markers: `<!-- wp:paragraph -->`, `<!-- /wp:paragraph -->`.
        html = html.replacing(#/<!--\s*/?wp:[^>]*?-->\n?/#) { _ in "" }
        // The classic editor writes paragraphs as blank lines; WordPress made them `<p>` when it showed them.
        let classic = !html.contains("<p")
        html = blocksAsShortcodes(html)
        if classic { html = Self.paragraphs(html) }
        html = classicShortcodes(html)
        var converter = HTMLToMarkdown()
        var markdown = converter.convert(html)
        keptHTML = converter.keptHTML
        for (index, piece) in pieces.enumerated() { markdown = markdown.replacingOccurrences(of: Self.token(index), with: piece) }
        return markdown
    }

    private static func token(_ index: Int) -> String { "SGWPPIECE\(index)X" }

    /// A piece of Markdown set aside: its token, in a paragraph of its own when `block`
    /// (a classic-editor shortcode stands in the paragraph its line became).
    private mutating func set(_ markdown: String, block: Bool = true) -> String {
        pieces.append(markdown)
        return block ? "\n<p>\(Self.token(pieces.count - 1))</p>\n" : Self.token(pieces.count - 1)
    }

    /// The block editor's figures: images, galleries, embeds and tables.
    private mutating func blocksAsShortcodes(_ html: String) -> String {
        var out = html
        out = out.replacing(#/(?s)<figure[^>]*wp-block-embed[^>]*>.*?(https?://[^\s<"]+).*?</figure>/#) { match in set(Self.embed(String(match.1))) }
        out = out.replacing(#/(?s)<figure[^>]*wp-block-gallery[^>]*>(.*?)</figure>\s*(?:</figure>)?/#) { match in
            set(Self.images(in: String(match.1)).map { "![\($0.alt)](\($0.src))" }.joined(separator: "\n"))
        }
        out = out.replacing(#/(?s)<figure[^>]*wp-block-image[^>]*>(.*?)</figure>/#) { match in
            let inner = String(match.1)
            guard let image = Self.images(in: inner).first else { return String(match.0) }
            let caption = inner.firstMatch(of: #/(?s)<figcaption[^>]*>(.*?)</figcaption>/#).map { Self.plain(String($0.1)) } ?? ""
            return set(Self.figure(src: image.src, alt: image.alt, caption: caption))
        }
        out = out.replacing(#/(?s)<figure[^>]*wp-block-table[^>]*>(.*?)</figure>/#) { match in
            String(match.1).replacing(#/(?s)<figcaption.*?</figcaption>/#) { _ in "" }
        }
        return out
    }

    /// The classic editor's shortcodes: `[caption]`, `[gallery]`, `[embed]`; others named.
    private mutating func classicShortcodes(_ html: String) -> String {
        var out = html.replacing(#/(?s)\[caption[^\]]*\](.*?)\[/caption\]/#) { match in
            let inner = String(match.1)
            guard let image = Self.images(in: inner).first else { return inner }
            let caption = Self.plain(inner.replacing(#/(?s)<a[^>]*>|</a>|<img[^>]*>/#) { _ in "" })
            return set(Self.figure(src: image.src, alt: image.alt, caption: caption), block: false)
        }
        out = out.replacing(#/\[gallery([^\]]*)\]/#) { match in
            let ids = String(match.1).firstMatch(of: #/ids="([0-9, ]+)"/#).map { $0.1.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } } ?? []
            let urls = ids.compactMap { attachments[$0] }
            return urls.isEmpty ? String(match.0) : set(urls.map { "![](\($0))" }.joined(separator: "\n"), block: false)
        }
        out = out.replacing(#/\[embed[^\]]*\](.*?)\[/embed\]/#) { match in set(Self.embed(String(match.1).trimmingCharacters(in: .whitespaces)), block: false) }
        // A video address alone in its paragraph: WordPress showed the player.
        out = out.replacing(#/<p>\s*(https?://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/)[^\s<]+)\s*</p>/#) { match in
            "<p>" + set(Self.embed(String(match.1)), block: false) + "</p>"
        }
        for match in out.matches(of: #/\[([a-zA-Z][a-zA-Z0-9_-]*)[\s\]]/#) where !unknownShortcodes.contains(String(match.1)) {
            // A Markdown-looking `[text]` is no shortcode: only names followed by attributes or `]` with a closing tag count.
            let name = String(match.1)
            if out.contains("[/\(name)]") || match.0.last == " " { unknownShortcodes.append(name) }
        }
        return out
    }

    /// The classic editor's text: paragraphs at blank lines, line breaks kept (as wpautop does).
    static func paragraphs(_ html: String) -> String {
        html.components(separatedBy: "\n\n").map { chunk -> String in
            let text = chunk.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return "" }
            if text.hasPrefix("<") && ["<h", "<ul", "<ol", "<blockquote", "<pre", "<table", "<div", "<figure", "<hr", "<p"].contains(where: text.hasPrefix) { return text }
            return "<p>" + text.replacingOccurrences(of: "\n", with: "<br>") + "</p>"
        }.joined(separator: "\n")
    }

    static func embed(_ url: String) -> String {
        if let id = url.firstMatch(of: #/(?:youtube\.com/watch\?v=|youtu\.be/|youtube\.com/embed/)([A-Za-z0-9_-]{6,})/#)?.1 {
            return "{{< youtube \(id) >}}"
        }
        if let id = url.firstMatch(of: #/vimeo\.com/([0-9]+)/#)?.1 { return "{{< vimeo \(id) >}}" }
        return "<\(url)>"
    }

    static func figure(src: String, alt: String, caption: String) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "”") + "\"" }
        return "{{< figure src=\(quoted(src)) alt=\(quoted(alt.isEmpty ? caption : alt))\(caption.isEmpty ? "" : " caption=\(quoted(caption))") >}}"
    }

    static func images(in html: String) -> [(src: String, alt: String)] {
        html.matches(of: #/<img\s[^>]*>/#).compactMap { match in
            let attributes = HTMLNode.attributes(String(match.0.dropFirst(4).dropLast()))
            return attributes["src"].map { ($0, attributes["alt"] ?? "") }
        }
    }

    /// Text without tags, entities read, on one line.
    static func plain(_ html: String) -> String {
        HTMLNode.parse(html).textContent.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
