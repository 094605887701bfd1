import Foundation

/// A post or page body after Markdown rendering, with the text figures that
/// list pages, feeds and meta tags need.
public struct RenderedContent: Sendable {
    /// The body's HTML and plain text, read from the Markdown cache only when first used
    /// (most of an incremental build's posts show neither: their pages are kept).
    let htmlText: LazyText
    let plainText: LazyText
    public var html: String { htmlText.value }
    /// The prose as plain text, for the search index.
    public var text: String { plainText.value }
    /// Hash of everything the body was rendered from (see `MarkdownCache`): what the keys of
    /// pages showing it hash instead of the HTML, which an unchanged post then never decodes.
    var key: UInt64 = 0
    public var summary: String
    public var readingTime: ReadingTime
    public var headings: [Heading]
    /// The language of the text itself: `lang:` when given, else guessed from the text.
    public var language: Language

    init(html: String, text: String, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language) {
        self.init(html: LazyText(html), text: LazyText(text), summary: summary, readingTime: readingTime, headings: headings, language: language)
    }

    init(html: LazyText, text: LazyText, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language) {
        htmlText = html
        plainText = text
        self.summary = summary
        self.readingTime = readingTime
        self.headings = headings
        self.language = language
    }

    public init(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) {
        let rendered = renderer.render(file.markdown)
        htmlText = LazyText(rendered.html)
        plainText = LazyText(rendered.text)
        let summarySource = rendered.textBeforeMore.map(Summary.collapseWhitespace) ?? Summary.make(rendered.text)
        summary = file.frontMatter.description.map(Summary.collapseWhitespace) ?? summarySource
        readingTime = ReadingTime([rendered.text, rendered.codeText])
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
