import Foundation
import Yams

/// `sitegen import jekyll DIR`: a Jekyll site made a sitegen site. `_config.yml` becomes
/// `Content/site.yml`; `_posts/` go to `Content/posts/` and `_drafts/` too, as drafts; pages
/// (Markdown outside `_` folders) to `Content/pages/`; other files (images, assets) to
/// `Content/`. The Liquid that posts carry becomes sitegen's: `{% highlight %}` a code block,
/// `{% raw %}` plain text, `{% post_url %}` and `{% link %}` a `relref`, `{{ site.baseurl }}`
/// nothing (sitegen puts the base path in front of root-relative links); any other Liquid is
/// reported with its file and line. Each post keeps its Jekyll address (`/:categories/:year/
/// :month/:day/:title.html` by default) as an alias.
public struct JekyllImporter {
    public struct Report: Sendable {
        public var posts = 0
        public var drafts = 0
        public var pages = 0
        public var files = 0
        public var aliases = 0
        /// Posts and pages whose Jekyll `layout:` was made a comment (sitegen's theme has no such layout).
        public var layoutsSetAside = 0
        public var skipped: [String] = []
        /// Liquid sitegen does not read, by file and line (`{% include %}`…), left as written.
        public var liquid: [SiteError] = []
    }

    let source: URL
    let destination: URL
    let force: Bool
    let now: Date

    public init(source: URL, destination: URL, force: Bool = false, now: Date = Date()) {
        self.source = source.standardizedFileURL
        self.destination = destination.standardizedFileURL
        self.force = force
        self.now = now
    }

    /// Files of a Jekyll site that are its machinery, not its content.
    static let machinery: Set<String> = ["Gemfile", "Gemfile.lock", "README.md", "readme.md", "LICENSE", "CNAME.txt", "package.json",
                                         "package-lock.json", "index.md", "index.html", "index.markdown", "404.html", "404.md", "feed.xml"]
    /// Jekyll's named permalink styles.
    static let styles = ["date": "/:categories/:year/:month/:day/:title:output_ext", "pretty": "/:categories/:year/:month/:day/:title/",
                         "ordinal": "/:categories/:year/:y_day/:title:output_ext", "none": "/:categories/:title:output_ext"]

    public func run() throws -> Report {
        let configURL = source.appendingPathComponent("_config.yml")
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw SiteError(file: source.path, Message("import.jekyll.no_config"))
        }
        guard let configText = try? String(contentsOf: configURL, encoding: .utf8) else { throw SiteError(file: "_config.yml", Message("file.not_utf8")) }
        let config: [String: Any]
        do { config = (try Yams.load(yaml: configText) as? [String: Any]) ?? [:] } catch {
            throw SiteError(file: "_config.yml", Message("file.failed", ["problem": "\(error)"]))
        }
        var report = Report()
        var files = ImportedFiles(destination: destination, force: force)
        let zone = (config["timezone"] as? String).flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Asia/Tokyo")!
        let dates = DateParser(timeZone: zone)
        let style = (config["permalink"] as? String) ?? "date"
        let jekyllPattern = Self.styles[style] ?? style
        let permalink = try Permalink("/:year/:month/:day/:slug/")
        try files.write("Content/site.yml", Self.siteYML(config, permalink: permalink.pattern))
        try files.themeIfMissing()
        let layouts = Set(((try? FileManager.default.contentsOfDirectory(atPath: destination.appendingPathComponent("Templates/layouts").path)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) })

        for relative in DiskListing.files(under: source.path, root: source.path).sorted() {
            let parts = relative.split(separator: "/").map(String.init)
            let from = source.appendingPathComponent(relative)
            let isMarkdown = relative.hasSuffix(".md") || relative.hasSuffix(".markdown")
            if parts[0] == "_posts" || parts[0] == "_drafts" {
                guard isMarkdown else { try files.copy(from, to: "Content/" + relative.dropFirst()); continue }
                let draft = parts[0] == "_drafts"
                guard var text = try? String(contentsOf: from, encoding: .utf8) else { continue }
                text = Self.convertLiquid(text, file: relative, liquid: &report.liquid)
                if let kept = Self.settingAsideLayout(text, known: layouts) { (text, report.layoutsSetAside) = (kept, report.layoutsSetAside + 1) }
                if draft { text = Self.addingKeys(["draft": "true", "date": DateFormat(calendar: dates.calendar, language: .en).iso(now)], to: text) }
                var aliased = false
                if !draft, let post = ImportedPost(text, relative: parts.last!, dates: dates),
                   let old = Self.jekyllAddress(post, pattern: jekyllPattern, calendar: dates.calendar),
                   let new = post.address(permalink, calendar: dates.calendar), old != new {
                    if let withAlias = HugoImporter.addingAlias(old, to: text) {
                        text = withAlias
                        aliased = true
                    }
                }
                guard try files.write("Content/posts/" + parts.dropFirst().joined(separator: "/"), text) else { continue }
                draft ? (report.drafts += 1) : (report.posts += 1)
                if aliased { report.aliases += 1 }
            } else if parts.contains(where: { $0.hasPrefix("_") || $0.hasPrefix(".") }) || ["vendor", "node_modules"].contains(parts[0])
                        || (parts.count == 1 && (Self.machinery.contains(parts[0]) || parts[0].hasSuffix(".yml") || parts[0].hasSuffix(".gemspec"))) {
                continue // the site's machinery, its build output and its settings
            } else if isMarkdown {
                guard var text = try? String(contentsOf: from, encoding: .utf8), text.hasPrefix("---") else {
                    try files.copy(from, to: "Content/" + relative)
                    continue
                }
                text = Self.convertLiquid(text, file: relative, liquid: &report.liquid)
                if let kept = Self.settingAsideLayout(text, known: layouts) { (text, report.layoutsSetAside) = (kept, report.layoutsSetAside + 1) }
                if try files.write("Content/pages/" + relative, text) { report.pages += 1 }
            } else if let head = FileManager.default.contents(atPath: from.path)?.prefix(4), head.elementsEqual("---\n".utf8) {
                // An HTML page Jekyll fills in from its layouts: there is nothing to publish as it is.
                report.liquid.append(SiteError(file: relative, line: 1, Message("import.jekyll.html_page"), severity: .warning))
            } else {
                try files.copy(from, to: "Content/" + relative)
            }
        }
        (report.files, report.skipped) = (files.copied, files.skipped)
        return report
    }

    static func siteYML(_ config: [String: Any], permalink: String) -> String {
        let base = ((config["url"] as? String) ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let baseURL = base.isEmpty ? nil : base + "/" + ((config["baseurl"] as? String) ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/"
        return ImportedSettings(
            generator: "Jekyll", title: config["title"] as? String, description: config["description"] as? String,
            languageCode: (config["lang"] ?? config["locale"]) as? String,
            baseURL: baseURL.map { $0.replacingOccurrences(of: "//", with: "/").replacingOccurrences(of: ":/", with: "://") },
            timezone: config["timezone"] as? String, postsPerPage: config["paginate"] as? Int, permalink: permalink,
            author: (config["author"] as? String) ?? ((config["author"] as? [String: Any])?["name"] as? String)
        ).yaml
    }

    // MARK: Liquid

    /// The body's Liquid made sitegen's; what has no counterpart is left and reported.
    static func convertLiquid(_ text: String, file: String, liquid: inout [SiteError]) -> String {
        guard text.contains("{%") || text.contains("{{") else { return text }
        var out = text
        // {% highlight ruby linenos %} … {% endhighlight %}
        out = out.replacing(#/\{%-?\s*highlight\s+([A-Za-z0-9_+#.-]+)((?:\s+[^%]*?)?)\s*-?%\}\n?/#) { match in
            "```\(match.1)\(match.2.contains("linenos") ? " {linenos=true}" : "")\n"
        }
        out = out.replacing(#/\n?\{%-?\s*endhighlight\s*-?%\}/#) { _ in "\n```" }
        // {% raw %}…{% endraw %}: its text as it is, set aside until the rest is converted and checked.
        var raw: [String] = []
        out = out.replacing(#/(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}/#) { match in
            raw.append(String(match.1))
            return "\u{E000}raw\(raw.count - 1)\u{E001}"
        }
        out = out.replacing(#/\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}/#) { match in "{{< relref \"\(match.1).md\" >}}" }
        out = out.replacing(#/\{%-?\s*link\s+_posts/([^\s%]+)\s*-?%\}/#) { match in "{{< relref \"posts/\(match.1)\" >}}" }
        out = out.replacing(#/\{%-?\s*link\s+([^\s%]+)\s*-?%\}/#) { match in "/" + match.1.replacingOccurrences(of: ".md", with: "/") }
        out = out.replacing(#/\{\{-?\s*site\.(?:url\s*\}\}\{\{-?\s*site\.)?baseurl\s*-?\}\}/#) { _ in "" }
        // What is left is reported (in code it is text a writer meant to show: not reported).
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        var inFence = false
        var bodyStarted = !out.hasPrefix("---")
        for (index, line) in lines.enumerated() {
            if !bodyStarted { if index > 0 && line == "---" { bodyStarted = true }; continue }
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if !inFence, let found = line.firstMatch(of: #/\{%-?\s*(\w+)[^%]*%\}|\{\{\s*[a-z_.]+[^}]*\}\}/#) {
                liquid.append(SiteError(file: file, line: index + 1, Message("import.jekyll.liquid", ["liquid": String(found.0)]),
                                        severity: .warning))
            }
        }
        for (index, text) in raw.enumerated() { out = out.replacingOccurrences(of: "\u{E000}raw\(index)\u{E001}", with: text) }
        return out
    }

    // MARK: Addresses

    /// Where Jekyll published a post (its own `permalink:` is kept by sitegen itself: nil then).
    static func jekyllAddress(_ post: ImportedPost, pattern: String, calendar: Calendar) -> String? {
        let frontMatter = post.frontMatter
        guard !frontMatter.raw.has("permalink") else { return nil }
        let raw = frontMatter.raw
        let categories = (raw.has("categories") ? (try? raw.strings("categories")) ?? [] : (try? raw.strings("category")) ?? [])
            .flatMap { $0.split(separator: " ").map(String.init) }.map { $0.lowercased() }
        let title = frontMatter.slug ?? Slug.fromFileName(post.fileName)
        let parts = DateFormat.parts(post.date, calendar: calendar)
        let values: [(String, String)] = [
            (":categories", categories.joined(separator: "/")), (":year", String(format: "%04d", parts.year)),
            (":short_year", String(format: "%02d", parts.year % 100)), (":i_month", String(parts.month)),
            (":month", String(format: "%02d", parts.month)), (":i_day", String(parts.day)), (":day", String(format: "%02d", parts.day)),
            (":title", title), (":slug", title), (":output_ext", ".html"),
        ]
        var path = pattern
        for (token, value) in values { path = path.replacingOccurrences(of: token, with: value) }
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        return path.hasPrefix("/") ? path : "/" + path
    }

    /// A Jekyll `layout:` the theme has no template for, made a comment that says so (sitegen
    /// shows the post with its own layout); nil when there is none, or it names one of the theme's.
    static func settingAsideLayout(_ text: String, known: Set<String>) -> String? {
        guard text.hasPrefix("---"), let match = text.firstMatch(of: #/\n[Ll]ayout:[ \t]*["']?([^"'\n#]*?)["']?[ \t]*\n/#) else { return nil }
        let name = String(match.1)
        guard !known.contains(name) else { return nil }
        return text.replacingCharacters(in: match.range, with: "\n# layout: \(name) (Jekyll's; sitegen shows this with its own layout)\n")
    }

    /// `keys` added at the top of the front matter (or a new front matter), each only when absent.
    static func addingKeys(_ keys: [String: String], to text: String) -> String {
        let lower = text.lowercased()
        let missing = keys.keys.sorted().filter { !lower.contains("\n\($0):") }.map { "\($0): \(keys[$0]!)" }
        guard !missing.isEmpty else { return text }
        if text.hasPrefix("---\n") { return "---\n" + missing.joined(separator: "\n") + "\n" + text.dropFirst(4) }
        return "---\n" + missing.joined(separator: "\n") + "\n---\n" + text
    }
}
