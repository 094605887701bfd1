import Foundation

/// Rendered Markdown bodies kept between builds, one file per body under
/// `.sitegen-cache/…/markdown/`, named by the hash of everything the rendering
/// reads (the text, the renderer's settings, `description`, `lang`, sitegen's
/// version). An unchanged post is read back instead of rendered again.
final class MarkdownCache: @unchecked Sendable {
    let folder: URL?
    private let lock = NSLock()
    private var used = Set<String>()

    /// `folder` nil: no cache (every body is rendered).
    init(folder: URL?) {
        self.folder = folder
        if let folder { try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    }

    func rendered(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) -> RenderedContent {
        guard let folder else { return RenderedContent(file, renderer: renderer, siteLanguage: siteLanguage) }
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.current)
        hasher.combine(renderer.fingerprint)
        hasher.combine(siteLanguage.rawValue)
        hasher.combine(file.frontMatter.description ?? "\u{0}")
        hasher.combine(file.frontMatter.lang?.rawValue ?? "\u{0}")
        hasher.combine(file.markdown)
        let name = String(hasher.value, radix: 16)
        lock.withLock { _ = used.insert(name) }
        let path = folder.appendingPathComponent(name)
        if let data = try? Data(contentsOf: path), let cached = RenderedContent(cached: data) { return cached }
        let content = RenderedContent(file, renderer: renderer, siteLanguage: siteLanguage)
        try? content.cached.write(to: path, options: .atomic)
        return content
    }

    /// Deletes bodies no post of this build used, so the cache does not grow forever.
    func removeUnused() {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let used = lock.withLock { self.used }
        for name in names where !used.contains(name) { unlink(folder.appendingPathComponent(name).path) }
    }
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
        guard input.string() == "sitegen-rendered 1",
              let html = input.string(), let text = input.string(), let summary = input.string(),
              let cjk = input.int(), let words = input.int(), let count = input.int(), count >= 0 else { return nil }
        var headings: [Heading] = []
        for _ in 0..<count {
            guard let level = input.int(), let text = input.string(), let id = input.string() else { return nil }
            headings.append(Heading(level: level, text: text, id: id))
        }
        guard let code = input.string(), let language = Language(rawValue: code), input.isAtEnd else { return nil }
        self.init(html: html, text: text, summary: summary, readingTime: ReadingTime(cjkCharacters: cjk, words: words),
                  headings: headings, language: language)
    }
}

struct CacheWriter {
    private(set) var data = Data()
    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { data.append(contentsOf: $0) } }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        data.append(contentsOf: value.utf8)
    }
}

struct CacheReader {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ data: Data) { bytes = [UInt8](data) }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() -> Int? {
        guard offset + 8 <= bytes.count else { return nil }
        let value = bytes[offset..<(offset + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        offset += 8
        return Int(Int64(bitPattern: value))
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(validating: bytes[offset..<(offset + count)], as: UTF8.self)
    }
}
