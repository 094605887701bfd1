import Foundation

/// A post or page body after Markdown rendering, with the text figures that
/// list pages, feeds and meta tags need.
public struct RenderedContent: Sendable {
    public var html: String
    /// The prose as plain text, for the search index.
    public var text: String
    public var summary: String
    public var readingTime: ReadingTime
    public var headings: [Heading]
    /// The language of the text itself: `lang:` when given, else guessed from the text.
    public var language: Language

    init(html: String, text: String, summary: String, readingTime: ReadingTime, headings: [Heading], language: Language) {
        self.html = html
        self.text = text
        self.summary = summary
        self.readingTime = readingTime
        self.headings = headings
        self.language = language
    }

    public init(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) {
        let rendered = renderer.render(file.markdown)
        html = rendered.html
        text = rendered.text
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
