import Foundation

/// Rendered Markdown bodies kept between builds in `.sitegen-cache/…/markdown.pack`,
/// each under the hash of everything the rendering reads (the text, the renderer's
/// settings, `description`, `lang`, sitegen's version). An unchanged post is read back
/// instead of rendered again.
final class MarkdownCache: Sendable {
    private let pack: RecordPack<RenderedContent>

    /// `file` nil: no cache (every body is rendered). `readsStored` false (a clean
    /// build): every body is rendered, and the pack is written anew for the next build.
    init(file: URL?, readsStored: Bool = true) {
        pack = RecordPack(file: file, header: "sitegen-markdown-pack 1", readsStored: readsStored,
                          encode: \.cached, decode: RenderedContent.init(cached:))
    }

    func rendered(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) -> RenderedContent {
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        hasher.combine(renderer.fingerprint)
        hasher.combine(siteLanguage.rawValue)
        hasher.combine(file.frontMatter.description ?? "\u{0}")
        hasher.combine(file.frontMatter.lang?.rawValue ?? "\u{0}")
        hasher.combine(file.markdown)
        var content = pack.value(for: hasher.value) { RenderedContent(file, renderer: renderer, siteLanguage: siteLanguage) }
        content.key = hasher.value
        return content
    }

    /// How many bodies this build rendered (the others came from the cache).
    var renderedCount: Int { pack.madeCount }

    func save() { pack.save() }
}

/// The cache file format: fields in order, strings as a length and UTF-8 bytes.
extension RenderedContent {
    var cached: Data {
        var out = CacheWriter()
        out.string("sitegen-rendered 1")
        out.string(html); out.string(text); out.string(summary)
        out.int(readingTime.cjkCharacters); out.int(readingTime.words)
        out.int(headings.count)
        for heading in headings { out.int(heading.level); out.string(heading.text); out.string(heading.id) }
        out.string(language.rawValue)
        return out.data
    }

    init?(cached data: Data) {
        var input = CacheReader(data)
        // The HTML and the text are only located here, and decoded when a page reads them.
        guard input.string() == "sitegen-rendered 1",
              let html = input.skipString(), let text = input.skipString(), let summary = input.string(),
              let cjk = input.int(), let words = input.int(), let count = input.int(), count >= 0 else { return nil }
        var headings: [Heading] = []
        for _ in 0..<count {
            guard let level = input.int(), let text = input.string(), let id = input.string() else { return nil }
            headings.append(Heading(level: level, text: text, id: id))
        }
        guard let code = input.string(), let language = Language(rawValue: code), input.isAtEnd else { return nil }
        self.init(body: BodyText(record: data, html: html, text: text), summary: summary,
                  readingTime: ReadingTime(cjkCharacters: cjk, words: words), headings: headings, language: language)
    }
}
