import Foundation

/// Rendered Markdown bodies kept between builds in one pack file,
/// `.sitegen-cache/…/markdown.pack`, each under the hash of everything the rendering
/// reads (the text, the renderer's settings, `description`, `lang`, sitegen's
/// version). An unchanged post is read back instead of rendered again. One file,
/// because ten thousand small files cost more to write than the rendering they save.
final class MarkdownCache: @unchecked Sendable {
    let file: URL?
    private let pack: Data
    /// Key → where its record's payload sits in `pack`.
    private let index: [UInt64: Range<Int>]
    private let lock = NSLock()
    private var used = Set<UInt64>()
    /// Bodies rendered by this build, kept as they are (their strings are shared with the
    /// build, not copied) and encoded only when saved.
    private var fresh: [UInt64: RenderedContent] = [:]

    static let header = Data("sitegen-markdown-pack 1\n".utf8)

    /// `file` nil: no cache (every body is rendered). `readsStored` false (a clean
    /// build): every body is rendered, and the pack is written anew for the next build.
    init(file: URL?, readsStored: Bool = true) {
        self.file = file
        let data = readsStored ? file.flatMap { try? Data(contentsOf: $0, options: .alwaysMapped) } ?? Data() : Data()
        var index: [UInt64: Range<Int>] = [:]
        if data.starts(with: Self.header) {
            var offset = Self.header.count
            while offset + 16 <= data.count {
                let key = Self.word(data, offset), length = Int(Self.word(data, offset + 8))
                guard length >= 0, offset + 16 + length <= data.count else { break } // a torn append: keep what is whole
                index[key] = (offset + 16)..<(offset + 16 + length)
                offset += 16 + length
            }
        }
        self.pack = data
        self.index = index
    }

    private static func word(_ data: Data, _ offset: Int) -> UInt64 {
        data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    private static func record(_ key: UInt64, _ payload: Data) -> Data {
        var out = Data(capacity: payload.count + 16)
        withUnsafeBytes(of: key.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(payload)
        return out
    }

    func rendered(_ file: ContentFile, renderer: MarkdownRenderer, siteLanguage: Language) -> RenderedContent {
        guard self.file != nil else { return RenderedContent(file, renderer: renderer, siteLanguage: siteLanguage) }
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        hasher.combine(renderer.fingerprint)
        hasher.combine(siteLanguage.rawValue)
        hasher.combine(file.frontMatter.description ?? "\u{0}")
        hasher.combine(file.frontMatter.lang?.rawValue ?? "\u{0}")
        hasher.combine(file.markdown)
        let key = hasher.value
        lock.withLock { _ = used.insert(key) }
        if let range = index[key], let cached = RenderedContent(cached: pack[range]) { return cached }
        let content = RenderedContent(file, renderer: renderer, siteLanguage: siteLanguage)
        lock.withLock { fresh[key] = content }
        return content
    }

    /// Writes what this build rendered: appended to the pack, or the pack is rewritten
    /// with only the bodies this build used when most of it has gone stale.
    /// How many bodies this build rendered (the others came from the cache).
    var renderedCount: Int { lock.withLock { fresh.count } }

    func save() {
        guard let file else { return }
        let (used, fresh) = lock.withLock { (self.used, self.fresh) }
        let liveBytes = index.filter { used.contains($0.key) }.reduce(0) { $0 + $1.value.count }
        let deadBytes = pack.count - liveBytes
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let appending = !index.isEmpty && deadBytes <= max(liveBytes, 1 << 20)
        if appending && fresh.isEmpty { return }
        let target = appending ? file : file.appendingPathExtension("new")
        if !appending {
            FileManager.default.createFile(atPath: target.path, contents: Self.header)
        }
        guard let handle = try? FileHandle(forWritingTo: target) else { return }
        _ = try? handle.seekToEnd()
        // Written in pieces of a few megabytes: a clean build of a large site renders
        // hundreds of megabytes of bodies, which must not be encoded all at once.
        var chunk = Data()
        func flush(force: Bool = false) {
            guard force || chunk.count > 4 << 20 else { return }
            try? handle.write(contentsOf: chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        if !appending {
            for (key, range) in index where used.contains(key) && fresh[key] == nil {
                chunk.append(Self.record(key, pack[range]))
                flush()
            }
        }
        for (key, content) in fresh {
            chunk.append(Self.record(key, content.cached))
            flush()
        }
        flush(force: true)
        try? handle.close()
        if !appending { rename(target.path, file.path) }
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

/// Reads the fields back straight from the (memory-mapped) pack: no copy of the record.
struct CacheReader {
    private let data: Data
    private var offset: Int

    init(_ data: Data) {
        self.data = data
        offset = data.startIndex
    }

    var isAtEnd: Bool { offset == data.endIndex }

    mutating func int() -> Int? {
        guard offset + 8 <= data.endIndex else { return nil }
        let start = offset - data.startIndex
        let value = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) }
        offset += 8
        return Int(Int64(bitPattern: UInt64(littleEndian: value)))
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, offset + count <= data.endIndex else { return nil }
        let start = offset - data.startIndex
        offset += count
        return data.withUnsafeBytes { String(validating: $0[start..<(start + count)], as: UTF8.self) }
    }
}
