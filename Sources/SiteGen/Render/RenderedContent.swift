import Foundation

/// A post or page body after Markdown rendering, with the text figures that
/// list pages, feeds and meta tags need.
public struct RenderedContent: Sendable {
    /// The body's HTML and plain text (decoded from the cache when first read).
    let body: BodyText
    public var html: String { body.html }
    /// The prose as plain text, for the search index.
    public var text: String { body.text }
    /// Hash of everything the body was rendered from (see `MarkdownCache`): what the keys of
    /// pages showing it hash instead of the HTML, which an unchanged post then never decodes.
    var key: UInt64 = 0
    public var summary: String
    public var readingTime: ReadingTime
    public var headings: [Heading]
    /// The language of the text itself: `lang:` when given, else guessed from the text.
    public var language: Language

    init(html: String, text: String, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language) {
        self.init(body: BodyText(html: html, text: text), summary: summary, readingTime: readingTime, headings: headings, language: language)
    }

    init(body: BodyText, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language) {
        self.body = body
        self.summary = summary
        self.readingTime = readingTime
        self.headings = headings
        self.language = language
    }

    public init(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) {
        let rendered = renderer.render(file.markdown)
        body = BodyText(html: rendered.html, text: rendered.text)
        let summarySource = rendered.textBeforeMore.map(Summary.collapseWhitespace) ?? Summary.make(rendered.text)
        summary = file.frontMatter.description.map(Summary.collapseWhitespace) ?? summarySource
        readingTime = ReadingTime(rendered.text + " " + rendered.codeText)
        headings = rendered.headings
        language = file.frontMatter.lang ?? Self.guessLanguage(rendered.text, site: siteLanguage)
    }

    /// Mostly Japanese in its opening → Japanese; letters but no Japanese → English;
    /// no letters at all → the site's language.
    static func guessLanguage(_ text: String, site: Language) -> Language {
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return site }
        return Summary.isMostlyCJK(text) ? .ja : .en
    }
}

/// A body's HTML and plain text: given, or decoded from a cache record on first use
/// (most of an incremental build's posts show neither: their pages are kept).
final class BodyText: @unchecked Sendable {
    private let lock = NSLock()
    private var decoded: (html: String, text: String)?
    private let record: Data
    private let htmlRange: Range<Int>
    private let textRange: Range<Int>

    init(html: String, text: String) {
        decoded = (html, text)
        record = Data()
        htmlRange = 0..<0
        textRange = 0..<0
    }

    /// `html` and `text`: where the two texts' UTF-8 bytes sit in `record`.
    init(record: Data, html: Range<Int>, text: Range<Int>) {
        self.record = record
        htmlRange = html
        textRange = text
    }

    var html: String { texts.html }
    var text: String { texts.text }

    private var texts: (html: String, text: String) {
        lock.withLock {
            if let decoded { return decoded }
            let texts = record.withUnsafeBytes { bytes in
                (String(decoding: bytes[htmlRange], as: UTF8.self), String(decoding: bytes[textRange], as: UTF8.self))
            }
            decoded = texts
            return texts
        }
    }
}
