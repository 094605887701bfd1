import Foundation
import TOMLKit
import Yams

/// `sitegen import hugo DIR`: a Hugo site made a sitegen site. Its settings become
/// `Content/site.yml`; its posts (the main section: `posts/`, `post/`, `blog/`…) go to
/// `Content/posts/` and its other pages to `Content/pages/`, as they are (sitegen reads their
/// front matter and shortcodes); `static/` goes to `Content/`. Each post keeps its old address:
/// the permalink is carried over where sitegen can say it, and a post whose Hugo address still
/// differs gets it as an alias. Each shortcode of the site's own gets a starter template that
/// keeps its inner text. Nothing that exists is overwritten without `force`.
public struct HugoImporter {
    public struct Report: Sendable {
        public var posts = 0
        public var pages = 0
        public var files = 0
        public var aliases = 0
        /// Old term pages (a renamed taxonomy's, or a term Hugo spelled otherwise) sent on.
        public var redirects = 0
        public var redirectsByHand = false
        public var skipped: [String] = []
        /// Shortcodes the site defines, with a starter template written for each.
        public var starterShortcodes: [String] = []
        public var warnings: [Message] = []
    }

    let source: URL
    let destination: URL
    let force: Bool

    public init(source: URL, destination: URL, force: Bool = false) {
        self.source = source.standardizedFileURL
        self.destination = destination.standardizedFileURL
        self.force = force
    }

    static let configNames = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"]
    static let postSections = ["posts", "post", "blog", "entry", "entries", "articles"]

    public func run() throws -> Report {
        let fm = FileManager.default
        guard let configName = Self.configNames.first(where: { fm.fileExists(atPath: source.appendingPathComponent($0).path) }) else {
            throw SiteError(file: source.path, Message("import.hugo.no_config"))
        }
        let config = try Self.readConfig(source.appendingPathComponent(configName), display: configName)
        var report = Report()
        var files = ImportedFiles(destination: destination, force: force)
        let contentRoot = source.appendingPathComponent("content")
        let contentFiles = DiskListing.files(under: contentRoot.path, root: contentRoot.path).sorted()
        let sections = Set(contentFiles.compactMap { $0.contains("/") ? String($0.prefix { $0 != "/" }) : nil })
        let mainSections = ((config["params"] as? [String: Any])?["mainsections"] as? [String]) ?? Self.postSections.filter(sections.contains)
        let postSections = Set(mainSections.isEmpty ? [Self.largestSection(contentFiles)].compactMap { $0 } : mainSections)
        let zone = (config["timezone"] as? String).flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Asia/Tokyo")!
        let dates = DateParser(timeZone: zone)
        let section = postSections.sorted().first ?? "posts"
        let hugoPattern = Self.permalink(config, section: section) ?? "/\(section)/:slugorfilename/"
        let permalink = Self.sitegenPermalink(hugoPattern, section: section)

        let ownsSettings = try files.write("Content/site.yml", Self.siteYML(config, permalink: permalink))
        try files.themeIfMissing()
        let sitegenPermalink = try Permalink(permalink)
        let taxonomies = HugoTaxonomies(config)
        var redirects = taxonomies.indexRedirects
        var used: [String: Set<String>] = [:] // shortcode → named keys seen
        for relative in contentFiles {
            let top = String(relative.prefix { $0 != "/" })
            let isPost = relative.contains("/") && postSections.contains(top)
            let inside = isPost ? String(relative.dropFirst(top.count + 1)) : relative
            let from = contentRoot.appendingPathComponent(relative)
            var target = (isPost ? "Content/posts/" : "Content/pages/") + inside
            if PageBundles.isSectionIndex(relative) {
                guard let place = Self.sectionTextTarget(relative, isPost: isPost, taxonomies: taxonomies,
                                                         text: try? String(contentsOf: from, encoding: .utf8)) else { continue }
                target = place
            }
            guard relative.hasSuffix(".md") || relative.hasSuffix(".markdown") else {
                try files.copy(from, to: target)
                continue
            }
            guard var text = try? String(contentsOf: from, encoding: .utf8) else {
                report.warnings.append(Message("import.hugo.unreadable", ["file": "content/" + relative]))
                continue
            }
            text = taxonomies.renamingKeys(in: text)
            var aliased = false
            if isPost, !PageBundles.isSectionIndex(relative), let post = ImportedPost(text, relative: inside, dates: dates) {
                redirects += taxonomies.termRedirects(post.frontMatter)
                if let old = Self.hugoAddress(post, section: top, pattern: hugoPattern, calendar: dates.calendar),
                   let new = post.address(sitegenPermalink, calendar: dates.calendar), old != new {
                    if let withAlias = Self.addingAlias(old, to: text) {
                        text = withAlias
                        aliased = true
                    } else {
                        report.warnings.append(Message("import.hugo.alias_by_hand", ["file": "content/" + relative, "alias": old]))
                    }
                }
            }
            for call in Shortcodes.calls(outsideCodeIn: text) where call.escapedText == nil {
                used[call.name, default: []].formUnion(call.named.map(\.0))
            }
            guard try files.write(target, text) else { continue }
            if target.hasSuffix("_index.md") { continue }
            isPost ? (report.posts += 1) : (report.pages += 1)
            if aliased { report.aliases += 1 }
        }
        let staticRoot = source.appendingPathComponent("static")
        for relative in DiskListing.files(under: staticRoot.path, root: staticRoot.path).sorted() {
            try files.copy(staticRoot.appendingPathComponent(relative), to: "Content/" + relative)
        }
        // The site's own shortcodes (and its theme's), by their templates' names.
        let theme = (config["theme"] as? String).map { "themes/\($0)/layouts/shortcodes" }
        let defined = Set((["layouts/shortcodes"] + [theme].compactMap { $0 }).flatMap { folder in
            DiskListing.files(under: source.appendingPathComponent(folder).path, root: source.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".html") && !$0.contains("/") }.map { String($0.dropLast(".html".count)) }
        })
        let sitegenHas = Theme.bundledShortcodes.union(Shortcodes.builtIn)
        for name in defined.union(used.keys).subtracting(sitegenHas).sorted() {
            if try files.write("Templates/shortcodes/\(name).mustache", Self.starterTemplate(name, keys: used[name] ?? [])) {
                report.starterShortcodes.append(name)
            }
        }
        (report.redirects, report.redirectsByHand) = try files.redirects(redirects, from: "Hugo", ownsSettings: ownsSettings)
        (report.files, report.skipped) = (files.copied, files.skipped)
        return report
    }

    // MARK: The settings

    /// hugo.toml / config.yaml / config.json as nested dictionaries, keys in lower case (Hugo reads them so).
    static func readConfig(_ url: URL, display: String) throws -> [String: Any] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SiteError(file: display, Message("file.not_utf8")) }
        let value: Any?
        do {
            if display.hasSuffix(".toml") {
                value = try JSONSerialization.jsonObject(with: Data(TOMLTable(string: text).convert(to: .json).utf8))
            } else if display.hasSuffix(".json") {
                value = try JSONSerialization.jsonObject(with: Data(text.utf8))
            } else {
                value = try Yams.load(yaml: text)
            }
        } catch let error as TOMLParseError {
            throw SiteError(file: display, line: error.source.begin.line, Message("front_matter.toml_invalid", ["problem": error.description]))
        } catch {
            throw SiteError(file: display, Message("file.failed", ["problem": "\(error)"]))
        }
        return lowercased(value) as? [String: Any] ?? [:]
    }

    private static func lowercased(_ value: Any?) -> Any? {
        if let map = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, inner) in map { out[key.lowercased()] = lowercased(inner) }
            return out
        }
        return value
    }

    static func siteYML(_ config: [String: Any], permalink: String) -> String {
        let params = config["params"] as? [String: Any] ?? [:]
        let author = (params["author"] as? String) ?? ((params["author"] as? [String: Any])?["name"] as? String)
            ?? ((config["author"] as? [String: Any])?["name"] as? String) ?? (config["author"] as? String)
        return ImportedSettings(
            generator: "Hugo", title: config["title"] as? String,
            description: (params["description"] as? String) ?? (params["subtitle"] as? String),
            languageCode: (config["languagecode"] ?? config["defaultcontentlanguage"]) as? String,
            baseURL: config["baseurl"] as? String, timezone: config["timezone"] as? String,
            postsPerPage: ((config["pagination"] as? [String: Any])?["pagersize"] ?? config["paginate"]) as? Int,
            permalink: permalink, author: author
        ).yaml
    }

    /// The posts section's pattern: `permalinks.posts`, or Hugo 0.120's `permalinks.page.posts`.
    static func permalink(_ config: [String: Any], section: String) -> String? {
        guard let permalinks = config["permalinks"] as? [String: Any] else { return nil }
        return (permalinks[section] as? String) ?? ((permalinks["page"] as? [String: Any])?[section] as? String)
    }

    /// Hugo's pattern in sitegen's tokens where they mean the same; else `/SECTION/:slug/`
    /// (and the posts get their Hugo address as an alias).
    static func sitegenPermalink(_ hugo: String, section: String) -> String {
        var pattern = hugo.replacingOccurrences(of: ":section", with: section)
        for name in [":slugorfilename", ":slugorcontentbasename", ":contentbasename", ":filename", ":title"] {
            pattern = pattern.replacingOccurrences(of: name, with: ":slug")
        }
        let tokens = pattern.split(separator: "/").filter { $0.hasPrefix(":") }
        guard pattern.contains(":slug"), tokens.allSatisfy({ Permalink.tokens.contains(String($0)) }), (try? Permalink(pattern)) != nil else {
            return "/\(section)/:slug/"
        }
        return pattern
    }

    /// Where a section's `_index.md` goes: the site's (`content/_index.md`), the posts' and a
    /// term's become the text of sitegen's home, archive and term pages; another section's
    /// becomes a page at the section's address, when it has a text to show. nil: left out.
    static func sectionTextTarget(_ relative: String, isPost: Bool, taxonomies: HugoTaxonomies, text: String?) -> String? {
        let parts = relative.split(separator: "/").map(String.init)
        if parts.count == 1 { return "Content/_index.md" }
        if isPost { return parts.count == 2 ? "Content/posts/_index.md" : nil }
        if parts.count == 3, let key = taxonomies.sitegenKey(parts[0]) { return "Content/\(key)/\(parts[1])/_index.md" }
        guard let text, let body = try? SourceText.split(text, file: relative).body,
              !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return "Content/pages/" + parts.dropLast().joined(separator: "/") + ".md"
    }

    // MARK: Old and new addresses

    /// Where Hugo published a post (its `url` is kept by sitegen itself: nil then).
    static func hugoAddress(_ post: ImportedPost, section: String, pattern: String, calendar: Calendar) -> String? {
        let frontMatter = post.frontMatter
        guard !frontMatter.raw.has("url") else { return nil }
        let base = String(post.fileName.dropLast(post.fileName.hasSuffix(".markdown") ? 9 : 3))
        let title = Slug.make(frontMatter.title ?? base)
        let slug = frontMatter.slug.map(Slug.make) ?? title
        let parts = DateFormat.parts(post.date, calendar: calendar)
        let values: [(String, String)] = [
            (":slugorfilename", frontMatter.slug.map(Slug.make) ?? base), (":slugorcontentbasename", frontMatter.slug.map(Slug.make) ?? base),
            (":contentbasename", base), (":filename", base), (":section", section), (":title", title), (":slug", slug),
            (":year", String(format: "%04d", parts.year)), (":month", String(format: "%02d", parts.month)), (":day", String(format: "%02d", parts.day)),
        ]
        var path = pattern
        for (token, value) in values { path = path.replacingOccurrences(of: token, with: value) }
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") && !path.hasSuffix(".html") { path += "/" }
        return path.lowercased()
    }

    /// The text with `alias` added to its front matter, in the front matter's own syntax, as its
    /// first key (before any TOML table); nil when it has `aliases` already (left to the writer).
    static func addingAlias(_ alias: String, to text: String) -> String? {
        let quoted = "\"" + alias.replacingOccurrences(of: "\"", with: "") + "\""
        let firstLine = text.prefix { $0 != "\n" }
        let rest = text.dropFirst(firstLine.count)
        let lower = text.lowercased()
        if lower.contains("\naliases") || lower.contains("\"aliases\"") { return nil }
        switch firstLine.trimmingCharacters(in: .whitespaces) {
        case "+++": return "+++\naliases = [\(quoted)]" + rest
        case "---": return "---\naliases: [\(quoted)]" + rest
        case let line where line.hasPrefix("{"):
            return line == "{" ? "{\n  \"aliases\": [\(quoted)]," + rest : "{ \"aliases\": [\(quoted)], " + text.dropFirst(text.prefix { $0 != "{" }.count + 1)
        default: return "---\naliases: [\(quoted)]\n---\n" + text
        }
    }

    // MARK: Shortcodes

    /// A template for a shortcode of the site's own that keeps what it was given: the inner text
    /// as Markdown, a link for `url`/`href`/`link`, the other values as text.
    static func starterTemplate(_ name: String, keys: Set<String>) -> String {
        var html = "{{! A starter made by `sitegen import hugo` for Hugo's `\(name)` shortcode: make it yours. }}\n"
        html += "<div class=\"shortcode shortcode--\(name)\">{{{innerHTML}}}"
        for key in keys.sorted() where key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            html += ["url", "href", "link"].contains(key)
                ? "{{#\(key)}} <a href=\"{{\(key)}}\">{{#title}}{{title}}{{/title}}{{^title}}{{\(key)}}{{/title}}</a>{{/\(key)}}"
                : key == "title" && (keys.contains("url") || keys.contains("href") || keys.contains("link")) ? "" : "{{#\(key)}} <span>{{\(key)}}</span>{{/\(key)}}"
        }
        return html + "{{#args}} <span>{{.}}</span>{{/args}}</div>\n"
    }

    private static func largestSection(_ files: [String]) -> String? {
        var counts: [String: Int] = [:]
        for file in files where file.contains("/") && file.hasSuffix(".md") { counts[String(file.prefix { $0 != "/" }), default: 0] += 1 }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
