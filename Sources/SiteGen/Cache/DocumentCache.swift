import Foundation

/// Content files as read and parsed (front matter and body), kept between builds in
/// `.sitegen-cache/…/documents.pack` under each file's identity (`FileIO.identity`: size,
/// times, inode), its path, the site's time zone (front matter dates are read in it) and
/// sitegen's version. An unchanged file is neither read nor parsed again: parsing the YAML
/// of 10,000 front matters was most of loading a large site.
final class DocumentCache: Sendable {
    private let pack: RecordPack<ContentFile>

    init(file: URL?, readsStored: Bool = true, warm: WarmCaches? = nil, repairs: CacheRepairs? = nil, io: FileIO = .disk) {
        // A record's first two kilobytes hold all but the body, which is read when used. A file
        // parsed now goes to a scratch file at once, as rendered bodies do, and the build reads its
        // body back from there: no build holds every post's Markdown at once.
        pack = RecordPack(file: file, header: "sitegen-document-pack 2", readsStored: readsStored,
                          headBytes: 2048, spills: true, warm: warm, repairs: repairs, io: io, encode: \.cached, decode: ContentFile.stored)
    }

    /// The cached file for `display` (its path as shown, `Content/posts/a.md`), or `read()`'s.
    func file(_ display: String, identity: UInt64, timeZone: TimeZone, read: () throws -> ContentFile) throws -> ContentFile {
        try pack.value(for: Self.key(display, identity, timeZone), make: read)
    }

    /// Keeps the file's record for the next build, which this build did not ask for (it had the post already).
    func keep(_ display: String, identity: UInt64, timeZone: TimeZone) {
        pack.keep([Self.key(display, identity, timeZone)])
    }

    private static func key(_ display: String, _ identity: UInt64, _ timeZone: TimeZone) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        hasher.combine(display)
        hasher.combine(identity)
        hasher.combine(timeZone.identifier)
        return hasher.value
    }

    /// How many files this build read and parsed (the others came from the cache).
    var readCount: Int { pack.madeCount }
    /// How many parsed files came from the pack file (not from memory, not parsed now).
    var recordsRead: Int { pack.readCount }

    func save() { pack.save() }
}

/// The record format: fields in order (see `CacheWriter`); an optional as a flag, then its
/// value; the body last, so a build reads it only for the files it renders.
extension ContentFile {
    var cached: Data {
        var out = CacheWriter()
        let fm = frontMatter
        out.string("sitegen-document 7")
        out.string(source); out.int(bodyLine); out.int(Int(bitPattern: UInt(textHash)))
        out.string(fm.rawSource.text); out.int(fm.rawSource.lineOffset) // the text, not `raw`: that would parse it
        for text in [fm.title, fm.slug, fm.description, fm.image, fm.layout, fm.lang?.rawValue] { out.optional(text) }
        for date in [fm.date, fm.lastmod, fm.expiryDate] { out.optional(date.map { Int(bitPattern: UInt($0.timeIntervalSinceReferenceDate.bitPattern)) }) }
        for list in [fm.tags, fm.categories, fm.aliases] {
            out.int(list.count)
            for item in list { out.string(item) }
        }
        for flag in [fm.draft, fm.adsOff, fm.commissionsOff, fm.sponsored, fm.allowsHTML, fm.pinned] { out.int(flag ? 1 : 0) }
        out.int(fm.toc.map { $0 ? 2 : 1 } ?? 0)
        out.int(shortcodes.count)
        for use in shortcodes {
            out.string(use.name); out.int(use.line); out.optional(use.target)
        }
        out.int(images.count)
        for use in images { out.string(use.written); out.int(use.line) }
        let body = markdown
        out.int(body.utf8.count)
        out.utf8(body)
        return out.finish()
    }

    /// From a record's first bytes (the whole record when they are too few); the body stays on disk until read.
    static func stored(_ record: StoredRecord) -> ContentFile? {
        record.decode { fields($0, record) }
    }

    /// A whole record (tests).
    static func cached(_ data: Data) -> ContentFile? {
        stored(StoredRecord(head: data, payload: 0..<data.count, reader: nil))
    }

    private static func fields(_ data: Data, _ record: StoredRecord) -> ContentFile? {
        var input = CacheReader(data)
        guard input.string(is: "sitegen-document 7"), let source = input.string(),
              let bodyLine = input.int(), let textHash = input.int(), let yaml = input.stringRange(), let lineOffset = input.int() else { return nil }
        // Field by field in the order `cached` writes them (arrays of them cost an allocation each).
        guard let title = input.optional(), let slug = input.optional(), let description = input.optional(),
              let image = input.optional(), let layout = input.optional(), let langCode = input.optional(),
              let date = input.optionalDate(), let lastmod = input.optionalDate(), let expiryDate = input.optionalDate(),
              let tags = input.strings(), let categories = input.strings(), let aliases = input.strings(),
              let draft = input.flag(), let adsOff = input.flag(), let commissionsOff = input.flag(),
              let sponsored = input.flag(), let allowsHTML = input.flag(), let pinned = input.flag(), let toc = input.int(), (0...2).contains(toc),
              let shortcodeCount = input.int(), (0...1_000_000).contains(shortcodeCount) else { return nil }
        var shortcodes: [ShortcodeUse] = []
        for _ in 0..<shortcodeCount {
            guard let name = input.string(), let line = input.int(), let target = input.optional() else { return nil }
            shortcodes.append(ShortcodeUse(name: name, line: line, target: target))
        }
        guard let imageCount = input.int(), (0...1_000_000).contains(imageCount) else { return nil }
        var images: [ImageUse] = []
        for _ in 0..<imageCount {
            guard let written = input.string(), let line = input.int() else { return nil }
            images.append(ImageUse(written: written, line: line))
        }
        guard let bodyLength = input.int(), bodyLength >= 0, bodyLength <= record.payload.count, input.position + bodyLength == record.payload.count else { return nil }
        let body = LazyText(record, input.position..<(input.position + bodyLength))
        let lang: Language?
        if let langCode {
            guard let known = Language(rawValue: langCode) else { return nil }
            lang = known
        } else {
            lang = nil
        }
        let frontMatter = FrontMatter(
            title: title, date: date, lastmod: lastmod, expiryDate: expiryDate, draft: draft, slug: slug,
            tags: tags, categories: categories, description: description, image: image, aliases: aliases,
            layout: layout, lang: lang, adsOff: adsOff, commissionsOff: commissionsOff, sponsored: sponsored, allowsHTML: allowsHTML,
            toc: toc == 0 ? nil : toc == 2, pinned: pinned,
            // Its text read only when asked (messages, `sitegen check`): every field it holds is above.
            rawSource: LazyYAML(text: LazyText(record, yaml), file: source, lineOffset: lineOffset)
        )
        return ContentFile(source: source, frontMatter: frontMatter, body: body, bodyLine: bodyLine,
                           textHash: UInt64(bitPattern: Int64(textHash)), shortcodes: shortcodes, images: images)
    }
}

extension CacheWriter {
    mutating func optional(_ value: String?) {
        int(value == nil ? 0 : 1)
        if let value { string(value) }
    }

    mutating func optional(_ value: Int?) {
        int(value == nil ? 0 : 1)
        if let value { int(value) }
    }
}

extension CacheReader {
    /// nil: the record is damaged; `.some(nil)`: no value was stored.
    mutating func optional() -> String?? {
        guard let flag = int() else { return nil }
        guard flag == 1 else { return flag == 0 ? .some(nil) : nil }
        guard let text = string() else { return nil }
        return .some(text)
    }

    mutating func optionalInt() -> Int?? {
        guard let flag = int() else { return nil }
        guard flag == 1 else { return flag == 0 ? .some(nil) : nil }
        guard let value = int() else { return nil }
        return .some(value)
    }

    /// A date stored as the bits of its time interval (see `ContentFile.cached`).
    mutating func optionalDate() -> Date?? {
        guard let bits = optionalInt() else { return nil }
        return .some(bits.map { Date(timeIntervalSinceReferenceDate: Double(bitPattern: UInt64(UInt(bitPattern: $0)))) })
    }

    /// A count, then that many strings.
    mutating func strings() -> [String]? {
        guard let count = int(), count >= 0 else { return nil }
        var list: [String] = []
        list.reserveCapacity(min(count, 64)) // a damaged count must not reserve gigabytes
        for _ in 0..<count {
            guard let item = string() else { return nil }
            list.append(item)
        }
        return list
    }

    /// A flag stored as a number (1: true).
    mutating func flag() -> Bool? { int().map { $0 == 1 } }
}
