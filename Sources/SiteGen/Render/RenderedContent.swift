import Foundation

/// A post or page body after Markdown rendering, with the text figures that
/// list pages, feeds and meta tags need.
public struct RenderedContent: Sendable {
    /// The body's HTML and plain text, read from the Markdown cache only when first used
    /// (most of an incremental build's posts show neither: their pages are kept).
    var htmlText: LazyText { fields.value.html }
    var plainText: LazyText { fields.value.text }
    public var html: String { htmlText.value }
    /// The prose as plain text, for the search index.
    public var text: String { plainText.value }
    /// The plain text, asked of this content only when read (not even its fields are read before).
    var textWhenRead: LazyText { LazyText(later: { [self] in plainText }) }
    /// Hash of everything the body was rendered from (see `MarkdownCache`): what the keys of
    /// pages and cards showing it hash instead of its HTML and figures, which an unchanged post
    /// then never reads from the cache.
    var key: UInt64 = 0
    public var summary: String { fields.value.summary }
    public var readingTime: ReadingTime { fields.value.readingTime }
    public var headings: [Heading] { fields.value.headings }
    /// The language of the text itself: `lang:` when given, else guessed from the text.
    public var language: Language { fields.value.language }
    /// The body's first image as written, for share cards when the front matter names none.
    public var firstImage: String? { fields.value.firstImage }

    private let fields: Fields

    /// Everything but the key, given at once or read when first asked for.
    private final class Fields: @unchecked Sendable { // values given at once, or read once under `lock`
        struct Values {
            var html: LazyText
            var text: LazyText
            var summary: String
            var readingTime: ReadingTime
            var headings: [Heading]
            var language: Language
            var firstImage: String?
        }

        private let lock = NSLock()
        private var values: Values?
        private let read: (@Sendable () -> Values)?

        init(_ values: Values) {
            self.values = values
            read = nil
        }

        init(later read: @escaping @Sendable () -> Values) {
            self.read = read
        }

        var value: Values {
            lock.withLock {
                if let values { return values }
                let made = read!()
                values = made
                return made
            }
        }
    }

    init(html: String, text: String, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language,
         firstImage: String? = nil) {
        self.init(html: LazyText(html), text: LazyText(text), summary: summary, readingTime: readingTime, headings: headings,
                  language: language, firstImage: firstImage)
    }

    init(html: LazyText, text: LazyText, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language,
         firstImage: String? = nil) {
        fields = Fields(.init(html: html, text: text, summary: summary, readingTime: readingTime, headings: headings,
                              language: language, firstImage: firstImage))
    }

    /// Content under `key` whose fields come from `read` when first used (an unchanged post
    /// in an incremental build: its page, card and search entry are kept, so it seldom is).
    init(key: UInt64, later read: @escaping @Sendable () -> RenderedContent) {
        fields = Fields(later: { read().fields.value })
        self.key = key
    }

    public init(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) {
        let rendered = renderer.render(file.markdown)
        // The text stays bytes: the summary and the language read its opening, reading time its bytes.
        let text = rendered.textBytes
        let summary = file.frontMatter.description.map(Summary.collapseWhitespace)
            ?? rendered.textBeforeMore.map(Summary.collapseWhitespace)
            ?? text.withUnsafeBufferPointer { Summary.make(utf8: $0) }
        var readingTime = ReadingTime(rendered.codeText)
        text.withUnsafeBufferPointer { readingTime.add(utf8: $0) }
        self.init(html: LazyText(utf8: rendered.htmlBytes), text: LazyText(utf8: text), summary: summary,
                  readingTime: readingTime, headings: rendered.headings,
                  language: file.frontMatter.lang ?? text.withUnsafeBufferPointer { Self.guessLanguage(utf8: $0, site: siteLanguage) },
                  firstImage: rendered.firstImage)
    }

    /// Mostly Japanese in its opening (`isMostlyCJK` reads 300 scalars), or over the whole
    /// text (an opening in English, a quote or a list of terms, before Japanese prose) →
    /// Japanese; otherwise letters → English; no letters at all → the site's language. Over
    /// the text's UTF-8: no `String` is made of it.
    static func guessLanguage(utf8 text: UnsafeBufferPointer<UInt8>, site: Language) -> Language {
        guard hasLetter(utf8: text) else { return site }
        return Summary.isMostlyCJK(utf8: text) || Summary.isMostlyCJK(utf8: text, scalars: .max) ? .ja : .en
    }

    /// `unicodeScalars.contains(where: Script.isAlphabetic)` over valid UTF-8 (it stops at the first letter).
    private static func hasLetter(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let (value, length) = UTF8Scan.scalar(in: bytes, at: i)
            if value < 0x80 ? UTF8Scan.isASCIILetter(value) : Unicode.Scalar(value).map(Script.isAlphabetic) ?? false { return true }
            i += length
        }
        return false
    }
}
