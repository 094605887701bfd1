import Foundation

/// The front matter keys Hugo and Jekyll users already write, read into types. Keys are read
/// in any case (`Title`, `Tags`), and their other names are taken too: `publishDate` for a
/// missing `date`, `modified` for `lastmod`, `summary` and `excerpt` for `description`, the
/// first of `images` for `image`, `url` and `permalink` as an alias (the old address keeps
/// working), `expiryDate` (the post is taken down after it). Jekyll's `layout: default`, a
/// name sitegen's themes do not use, is read as no layout.
public struct FrontMatter: Sendable {
    public var title: String?
    public var date: Date?
    public var lastmod: Date?
    /// `expiryDate`: after it the post is not published (Hugo's rule).
    public var expiryDate: Date? = nil
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
    /// `pinned: true`: first on the home page, whatever its date (WordPress's sticky posts).
    public var pinned = false
    /// Every key as written, for messages that point at a line and for `sitegen check`;
    /// read from the YAML text only when asked for when the front matter came from the cache.
    public var raw: YAMLMap { rawSource.map }
    let rawSource: LazyYAML

    public static let knownKeys: Set<String> = [
        "title", "date", "lastmod", "updated", "draft", "slug", "tags", "categories",
        "description", "summary", "image", "aliases", "layout", "lang",
        "ads", "sponsored", "commissions", "html", "toc", "pinned",
        // Hugo's and Jekyll's names for the same things, and keys they write that sitegen
        // reads as nothing (a theme may still show them through `raw`): no warning for these.
        "publishdate", "modified", "expirydate", "excerpt", "images", "cover", "url", "permalink",
        "keywords", "weight", "series", "author", "type", "params",
    ]

    /// Layout names of Hugo's and Jekyll's themes that mean "the usual page": not a template choice.
    static let borrowedLayouts: Set<String> = ["default", "single"]

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
        return try read(YAMLMap.parse(text, file: file, lineOffset: 1, foldingCase: true), dates: dates, text: text)
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
        let oldAddresses = try ["url", "permalink"].compactMap { try yaml.string($0) }
        return FrontMatter(
            title: try yaml.string("title").map(Escape.stripControls),
            date: try date("date") ?? date("publishdate"),
            lastmod: try date("lastmod") ?? date("updated") ?? date("modified"),
            expiryDate: try date("expirydate"),
            draft: try yaml.bool("draft") ?? false,
            slug: try yaml.string("slug"),
            tags: try yaml.strings("tags").map(Escape.stripControls),
            categories: try yaml.strings("categories").map(Escape.stripControls),
            description: try (yaml.string("description") ?? yaml.string("summary") ?? yaml.string("excerpt")).map(Escape.stripControls),
            image: try yaml.string("image") ?? yaml.strings("images").first ?? coverImage(yaml),
            aliases: Self.unique(try (yaml.strings("aliases") + oldAddresses).map(Escape.stripControls).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
            layout: try yaml.string("layout").flatMap { Self.borrowedLayouts.contains($0) ? nil : $0 },
            lang: lang,
            adsOff: yaml.isFalse("ads"),
            commissionsOff: yaml.isFalse("commissions"),
            sponsored: (try? yaml.bool("sponsored")) == true,
            allowsHTML: (try? yaml.bool("html")) == true,
            toc: try yaml.bool("toc"),
            pinned: (try? yaml.bool("pinned")) == true,
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
            let map = (try? YAMLMap.parse(text, file: file, lineOffset: lineOffset, foldingCase: true)) ?? YAMLMap.empty(file: file, lineOffset: lineOffset)
            parsed = map
            return map
        }
    }
}

extension FrontMatter {
    /// Hugo themes' `cover:` (PaperMod: `cover: {image: …}`, others a plain path).
    /// A mapping `cover:` is outside `SimpleFrontMatter`'s shape, so it is read through `YAMLMap`.
    static func coverImage(_ yaml: some FrontMatterFields) throws -> String? {
        if let map = yaml as? YAMLMap, let cover = try? map.map("cover") { return try cover.string("image") }
        return try yaml.string("cover")
    }
}
