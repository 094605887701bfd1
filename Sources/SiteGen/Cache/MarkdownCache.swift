import Foundation

/// Rendered Markdown bodies kept between builds in `.sitegen-cache/…/markdown.pack`,
/// each under the hash of everything the rendering reads (the text, the renderer's
/// settings, `description`, `lang`, sitegen's version). An unchanged post is read back
/// instead of rendered again.
final class MarkdownCache: Sendable {
    private let pack: RecordPack<RenderedContent>
    /// Whether a stored body is read only when a step uses it (not with `warm`: a long-running
    /// process hands the values this build used to the next one, so it reads them now).
    private let readsWhenUsed: Bool

    /// `file` nil: no cache (every body is rendered). `readsStored` false (a clean
    /// build): every body is rendered, and the pack is written anew for the next build.
    init(file: URL?, readsStored: Bool = true, warm: WarmCaches? = nil, repairs: CacheRepairs? = nil, io: FileIO = .disk) {
        // A record's first kilobyte holds all but the HTML and the text, which are read when used;
        // a body rendered now goes to a scratch file at once, and its HTML and text are read back
        // from there when a page or the search index uses them (never all held at once).
        readsWhenUsed = warm == nil
        pack = RecordPack(file: file, header: "sitegen-markdown-pack 2", readsStored: readsStored, headBytes: 1024, spills: true, warm: warm, repairs: repairs, io: io,
                          encode: \.cached, decode: RenderedContent.init(stored:))
    }

    func rendered(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) -> RenderedContent {
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        renderer.combineSettings(into: &hasher)
        hasher.combine(siteLanguage.rawValue)
        hasher.combine(file.frontMatter.description ?? "\u{0}")
        hasher.combine(file.frontMatter.lang?.rawValue ?? "\u{0}")
        // The body follows from the file's text: its hash spares reading a cached body back.
        if file.textHash != 0 { hasher.combine(file.textHash) } else { hasher.combine(file.markdown) }
        // And from the addresses its `ref`s name.
        for use in file.shortcodes { if let target = use.target { hasher.combine(renderer.shortcodes?.address(of: target) ?? "") } }
        // And from what its images became (a relative one is read from the page's path).
        if !file.images.isEmpty {
            hasher.combine(renderer.pagePath)
            renderer.images?.combine(file.images, pagePath: renderer.pagePath, into: &hasher)
        }
        let key = hasher.value
        let render: @Sendable () -> RenderedContent = { RenderedContent(file, renderer: renderer, siteLanguage: siteLanguage) }
        if readsWhenUsed, pack.isStored(key) {
            // Kept in the pack whether or not it is read: the next build may need it.
            pack.keep([key])
            let pack = self.pack
            return RenderedContent(key: key) { pack.value(for: key, make: render) }
        }
        var content = pack.value(for: key, make: render)
        content.key = key
        return content
    }

    /// How many bodies this build rendered (the others came from the cache).
    var renderedCount: Int { pack.madeCount }
    /// How many bodies came from the pack file (not from memory, not rendered now).
    var recordsRead: Int { pack.readCount }

    func save() { pack.save() }
}

/// The cache file format: fields in order, strings as a length and UTF-8 bytes; the
/// HTML and the text last, so a build reads them only for the bodies it shows.
extension RenderedContent {
    var cached: Data {
        // The bytes as kept (the HTML is not made a `String` to be written), their sizes known
        // first: the record is made at its full size, not grown and copied on the way.
        htmlText.withUTF8 { html in
            plainText.withUTF8 { text in
                var out = CacheWriter(capacity: html.count + text.count + summary.utf8.count + 64 * headings.count + 128)
                out.string("sitegen-rendered 3")
                out.string(summary)
                out.int(readingTime.cjkCharacters); out.int(readingTime.words)
                out.int(headings.count)
                for heading in headings { out.int(heading.level); out.string(heading.text); out.string(heading.id) }
                out.string(language.rawValue)
                out.optional(firstImage)
                out.int(html.count); out.int(text.count)
                out.bytes(html); out.bytes(text)
                return out.finish()
            }
        }
    }

    /// From a record's first bytes; the whole record is read only when they are too few.
    init?(stored record: StoredRecord) {
        guard let parsed = record.decode(Self.fields), parsed.htmlLength <= record.payload.count,
              parsed.textLength <= record.payload.count else { return nil }
        let htmlStart = parsed.end, textStart = parsed.end + parsed.htmlLength
        guard textStart + parsed.textLength == record.payload.count else { return nil }
        self.init(html: LazyText(record, htmlStart..<textStart), text: LazyText(record, textStart..<(textStart + parsed.textLength)),
                  summary: parsed.summary, readingTime: parsed.readingTime, headings: parsed.headings, language: parsed.language,
                  firstImage: parsed.firstImage)
    }

    /// A whole record (tests).
    init?(cached data: Data) {
        self.init(stored: StoredRecord(head: data, payload: 0..<data.count, reader: nil))
    }

    private static func fields(_ data: Data) -> (summary: String, readingTime: ReadingTime, headings: [Heading], language: Language,
                                                  firstImage: String?, htmlLength: Int, textLength: Int, end: Int)? {
        var input = CacheReader(data)
        guard input.string(is: "sitegen-rendered 3"), let summary = input.string(),
              let cjk = input.int(), let words = input.int(), let count = input.int(), count >= 0 else { return nil }
        var headings: [Heading] = []
        for _ in 0..<count {
            guard let level = input.int(), let text = input.string(), let id = input.string() else { return nil }
            headings.append(Heading(level: level, text: text, id: id))
        }
        guard let code = input.string(), let language = Language(rawValue: code), let firstImage = input.optional(),
              let htmlLength = input.int(), let textLength = input.int(), htmlLength >= 0, textLength >= 0 else { return nil }
        return (summary, ReadingTime(cjkCharacters: cjk, words: words), headings, language, firstImage, htmlLength, textLength, input.position)
    }
}
