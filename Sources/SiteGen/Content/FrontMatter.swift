import Foundation

/// The front matter keys Hugo and Jekyll users already write, read into types.
public struct FrontMatter: Sendable {
    public var title: String?
    public var date: Date?
    public var lastmod: Date?
    public var draft: Bool
    public var slug: String?
    public var tags: [String]
    public var categories: [String]
    public var description: String?
    public var image: String?
    public var aliases: [String]
    public var layout: String?
    public var lang: Language?
    /// `ads: false`: no ad slots on this page.
    public var adsOff = false
    /// `commissions: false`: no "commissions welcome" box on this post.
    public var commissionsOff = false
    /// `sponsored: true`: the page shows a PR disclosure.
    public var sponsored = false
    /// `html: true`: the body's raw HTML is let through (imported posts).
    public var allowsHTML = false
    /// `toc: true` / `toc: false`: a table of contents before the first h2, or none; nil: the site's `toc:`.
    public var toc: Bool? = nil
    /// Every key as written, for messages that point at a line and for `sitegen check`;
    /// read from the YAML text only when asked for when the front matter came from the cache.
    public var raw: YAMLMap { rawSource.map }
    let rawSource: LazyYAML

    public static let knownKeys: Set<String> = [
        "title", "date", "lastmod", "updated", "draft", "slug", "tags", "categories",
        "description", "summary", "image", "aliases", "layout", "lang",
        "ads", "sponsored", "commissions", "html", "toc",
    ]

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// The front matter of `file` from its YAML text (which starts on the file's second line):
    /// read without Yams when it has the everyday shape (`SimpleFrontMatter`), else, and
    /// whenever a value is refused, with Yams, whose errors name the line.
    static func read(text: String, file: String, dates: DateParser) throws -> FrontMatter {
        if let simple = SimpleFrontMatter(text),
           let frontMatter = try? read(simple, dates: dates, raw: LazyYAML(text: text, file: file, lineOffset: 1)) {
            return frontMatter
        }
        return try read(YAMLMap.parse(text, file: file, lineOffset: 1), dates: dates, text: text)
    }

    /// `text`: the YAML as written, kept for the document cache.
    public static func read(_ yaml: YAMLMap, dates: DateParser, text: String = "") throws -> FrontMatter {
        try read(yaml, dates: dates, raw: LazyYAML(yaml, text: text))
    }

    static func read(_ yaml: some FrontMatterFields, dates: DateParser, raw: LazyYAML) throws -> FrontMatter {
        func date(_ key: String) throws -> Date? {
            guard let text = try yaml.string(key) else { return nil }
            guard let date = dates.parse(text) else {
                throw yaml.failure(key, Message("date.invalid", ["date": text]))
            }
            return date
        }
        let langCode = try yaml.string("lang")
        var lang: Language?
        if let langCode {
            guard let known = Language(code: langCode) else {
                throw yaml.failure("lang", Message("language.unsupported", ["language": langCode]))
            }
            lang = known
        }
        return FrontMatter(
            title: try yaml.string("title").map(Escape.stripControls),
            date: try date("date"),
            lastmod: try date("lastmod") ?? date("updated"),
            draft: try yaml.bool("draft") ?? false,
            slug: try yaml.string("slug"),
            tags: try yaml.strings("tags").map(Escape.stripControls),
            categories: try yaml.strings("categories").map(Escape.stripControls),
            description: try (yaml.string("description") ?? yaml.string("summary")).map(Escape.stripControls),
            image: try yaml.string("image"),
            aliases: Self.unique(try yaml.strings("aliases").map(Escape.stripControls).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
            layout: try yaml.string("layout"),
            lang: lang,
            adsOff: yaml.isFalse("ads"),
            commissionsOff: yaml.isFalse("commissions"),
            sponsored: (try? yaml.bool("sponsored")) == true,
            allowsHTML: (try? yaml.bool("html")) == true,
            toc: try yaml.bool("toc"),
            rawSource: raw
        )
    }
}

/// A front matter's YAML, parsed already or parsed from its text on first use.
final class LazyYAML: @unchecked Sendable { // `parsed` only under `lock`
    /// The text, read from the document cache only when asked.
    private let source: LazyText
    var text: String { source.value }
    private let file: String
    let lineOffset: Int
    private var parsed: YAMLMap?
    private let lock = NSLock()

    /// With its text, only the text is kept (parsed YAML is several times larger, and
    /// ten thousand front matters are read again only by messages and `sitegen check`).
    init(_ map: YAMLMap, text: String = "") {
        source = LazyText(text)
        file = map.file
        lineOffset = map.lineOffset
        parsed = text.isEmpty ? map : nil
    }

    init(text: LazyText, file: String, lineOffset: Int) {
        source = text
        self.file = file
        self.lineOffset = lineOffset
    }

    convenience init(text: String, file: String, lineOffset: Int) {
        self.init(text: LazyText(text), file: file, lineOffset: lineOffset)
    }

    var map: YAMLMap {
        lock.withLock {
            if let parsed { return parsed }
            // The text parsed when it was cached (by this same sitegen): it parses again.
            let map = (try? YAMLMap.parse(text, file: file, lineOffset: lineOffset)) ?? YAMLMap.empty(file: file, lineOffset: lineOffset)
            parsed = map
            return map
        }
    }
}
