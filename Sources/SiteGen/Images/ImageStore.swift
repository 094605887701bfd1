import Foundation

/// Processed images kept between builds in `.sitegen-cache/images/` (one for every output
/// folder of the site), each in a folder named by its key: the hash of the source's bytes,
/// the settings and libvips' version. A folder appears whole or not at all (it is made under
/// a temporary name and renamed), so a build killed halfway leaves no half-made image.
/// A source's bytes are hashed again only when its size, times or inode changed.
final class ImageStore: @unchecked Sendable { // `known` and `used` only under `lock`
    let folder: String
    private let repairs: CacheRepairs?
    private let lock = NSLock()
    /// Source path → (its identity, the hash of its bytes), from the last build.
    private var known: [String: (identity: UInt64, hash: UInt64)] = [:]
    private var used = Set<String>()

    /// `repairs` hears of an index or record found damaged (it is then made again).
    init(folder: String, repairs: CacheRepairs?) {
        self.folder = folder
        self.repairs = repairs
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let data = CacheFile.read(indexFile, repairs: repairs, io: .disk) else { return }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", maxSplits: 2)
            guard fields.count == 3, let identity = UInt64(fields[0], radix: 16), let hash = UInt64(fields[1], radix: 16) else { continue }
            known[String(fields[2])] = (identity, hash)
        }
    }

    private var indexFile: String { folder + "/sources.tsv" }

    /// The hash of the file's bytes (read only when the file is new or changed), a mebibyte at
    /// a time: a 500 MB scan costs no more memory than a photo.
    func contentHash(of source: String) throws -> UInt64 {
        let identity = FileStamp.identity(source) ?? 0
        if let last = lock.withLock({ known[source] }), last.identity == identity, identity != 0 { return last.hash }
        let descriptor = open(source, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.unreadable(source) }
        defer { close(descriptor) }
        var hasher = StableHasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.unreadable(source) }
            if count == 0 { break }
            hasher.combine(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        let hash = hasher.value
        lock.withLock { known[source] = (identity, hash) }
        return hash
    }

    private static func unreadable(_ source: String) -> SiteError {
        SiteError(file: source, Message("file.unreadable", ["problem": String(cString: strerror(errno))]))
    }

    /// Whether the files for `key` are stored (and whole).
    func has(_ key: UInt64) -> Bool {
        read(folder + "/" + String(key, radix: 16)) != nil
    }

    /// The files made for `key`: read back when a build made them before, else made by `make`
    /// into an empty folder. Returns the result and the folder its files are in.
    func files(for key: UInt64, make: (String) throws -> ImageProcessor.Result) throws -> (ImageProcessor.Result, String) {
        let name = String(key, radix: 16)
        let final = folder + "/" + name
        lock.withLock { _ = used.insert(name) }
        if let stored = read(final) { return (stored, final) }
        let temporary = folder + "/.\(name).\(getpid()).\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        do {
            let result = try make(temporary)
            try Self.write(result, in: temporary)
            try? FileManager.default.removeItem(atPath: final)
            guard rename(temporary, final) == 0 else {
                throw SiteError(file: final, Message("file.unwritable", ["problem": String(cString: strerror(errno))]))
            }
            return (result, final)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes the index of sources and removes the folders this build did not use (images
    /// deleted or changed since, settings changed) and any a killed build left half made.
    func save() {
        let lines = lock.withLock { known.map { "\(String($0.value.identity, radix: 16))\t\(String($0.value.hash, radix: 16))\t\($0.key)" } }
        CacheFile.write(Array((["sitegen-image-sources 1"] + lines.sorted()).joined(separator: "\n").utf8), to: indexFile, io: .disk)
        let used = lock.withLock { self.used }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry != "sources.tsv" && !used.contains(entry) {
            try? FileManager.default.removeItem(atPath: folder + "/" + entry)
        }
    }

    // The record of one folder (a `CacheFile`): `sitegen-image 2`, then `width height fallback`,
    // then one line per file: `format width copy|original size name` (format `-`: the source as
    // it is). A file whose size is not the one recorded (cut short, deleted) makes the folder again.
    private static func write(_ result: ImageProcessor.Result, in folder: String) throws {
        var lines = ["sitegen-image 2", "\(result.width)\t\(result.height)\t\(result.fallback)"]
        for file in result.files {
            let size = file.format == nil ? -1 : FileStamp(folder + "/" + file.name)?.size ?? -1
            lines.append("\(file.format?.rawValue ?? "-")\t\(file.width)\t\(file.isCopy ? "copy" : "original")\t\(size)\t\(file.name)")
        }
        CacheFile.write(Array(lines.joined(separator: "\n").utf8), to: folder + "/record", io: .disk)
    }

    private func read(_ folder: String) -> ImageProcessor.Result? {
        guard let data = CacheFile.read(folder + "/record", repairs: repairs, io: .disk) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0] == "sitegen-image 2" else { return nil }
        let size = lines[1].split(separator: "\t", maxSplits: 2)
        guard size.count == 3, let width = Int(size[0]), let height = Int(size[1]) else { return nil }
        var files: [ImageProcessor.Result.File] = []
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: "\t", maxSplits: 4)
            guard fields.count == 5, let fileWidth = Int(fields[1]), let size = Int(fields[3]) else { return nil }
            let format = fields[0] == "-" ? nil : ImageFormat(rawValue: String(fields[0]))
            if fields[0] != "-" && format == nil { return nil }
            if format != nil && FileStamp(folder + "/" + fields[4])?.size != size { return nil }
            files.append(.init(format: format, width: fileWidth, name: String(fields[4]), isCopy: fields[2] == "copy"))
        }
        return ImageProcessor.Result(width: width, height: height, files: files, fallback: String(size[2]))
    }
}
