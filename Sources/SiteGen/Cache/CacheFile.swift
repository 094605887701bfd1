import Foundation

/// The one rule for every whole file in `.sitegen-cache/` (manifests, folder stamps, the
/// input fingerprint, pack indexes, the search state, related posts): written with a
/// checksum of its bytes after them, and read back only when the checksum verifies. A
/// damaged file (cut short, zeroed, edited) is treated as absent, never half-believed; the
/// build makes what it held again and `CacheRepairs` hears of it.
enum CacheFile {
    /// The trailer: a 64-bit `StableHasher` sum of the bytes before it, then this tag.
    private static let tag = Array("sgsum001".utf8)
    private static var trailerSize: Int { 8 + tag.count }

    /// `bytes` and their checksum, written to a new file renamed over `path`
    /// (nothing when that fails: the file is then missing or the old one, and either is made again).
    static func write(_ bytes: some ContiguousBytes, to path: String, io: FileIO) {
        var data = bytes.withUnsafeBytes { [UInt8]($0) }
        data.reserveCapacity(data.count + trailerSize)
        withUnsafeBytes(of: checksum(data).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: tag)
        try? io.replace(path, data)
    }

    /// The bytes `write` wrote; nil when the file is missing (said to no one) or does not
    /// verify (told to `repairs`).
    static func read(_ path: String, repairs: CacheRepairs?, io: FileIO) -> Data? {
        guard let data = try? io.read(path) else { return nil }
        guard let payload = verified(data) else {
            repairs?.note(path)
            return nil
        }
        return payload
    }

    /// The payload of a file's bytes when its trailer verifies.
    static func verified(_ data: Data) -> Data? {
        guard data.count >= trailerSize else { return nil }
        let payloadEnd = data.startIndex + data.count - trailerSize
        let payload = Data(data[data.startIndex..<payloadEnd])
        let stored = data[payloadEnd..<(payloadEnd + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard data[(payloadEnd + 8)...].elementsEqual(tag), stored == checksum(payload) else { return nil }
        return payload
    }

    /// The checksum of a payload (a record's or a whole file's).
    static func checksum(_ bytes: some ContiguousBytes) -> UInt64 {
        var hasher = StableHasher()
        bytes.withUnsafeBytes { hasher.combine($0) }
        return hasher.value
    }
}

/// The cache files and records one build found damaged and made again, for the one line
/// the build prints about them (`BuildReport.cacheRepaired`).
final class CacheRepairs: @unchecked Sendable { // `files` only under `lock`
    private let lock = NSLock()
    private var files = Set<String>()

    func note(_ path: String) {
        _ = lock.withLock { files.insert((path as NSString).lastPathComponent) }
    }

    /// The damaged files' names, sorted.
    var names: [String] { lock.withLock { files.sorted() } }
}
