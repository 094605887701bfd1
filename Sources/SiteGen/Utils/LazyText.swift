import Foundation

/// Text given at once, or read only when first used (from a cache, say: most of an
/// incremental build's posts show neither their HTML nor their text). It knows nothing
/// of where stored text lives: whoever stores it hands over how to read it.
final class LazyText: @unchecked Sendable { // `read` only under `lock`; `source` never changes
    private enum Source {
        /// Given as a `String`.
        case text(String)
        /// Valid UTF-8 made from other text (a body with an ad spliced in).
        case utf8([UInt8])
        /// `count` UTF-8 bytes that `load` reads. `keepsRead`: the text, once read, is kept;
        /// `trusted`: the bytes are known to be valid UTF-8 and are handed over unchecked.
        case stored(count: Int, keepsRead: Bool, trusted: Bool, load: @Sendable () -> Data?)
        /// Another text, asked for each time this one is read.
        case later(@Sendable () -> LazyText)
    }

    private let source: Source
    private let lock = NSLock()
    /// Stored text once read, when it is kept.
    private var read: String?

    init(_ text: String) { source = .text(text) }

    /// Valid UTF-8 (made from other text), kept as it is.
    init(utf8 bytes: [UInt8]) { source = .utf8(bytes) }

    /// `count` bytes of UTF-8 that `load` reads when the text is first used.
    init(stored count: Int, keepsRead: Bool, trusted: Bool, load: @escaping @Sendable () -> Data?) {
        source = .stored(count: count, keepsRead: keepsRead, trusted: trusted, load: load)
    }

    /// The text `later` gives, asked each time it is read (it keeps the text itself, or not, as its source does).
    init(later: @escaping @Sendable () -> LazyText) { source = .later(later) }

    /// Whether the text is stored, read when used; and whether it has been read and kept (tests).
    var isStored: Bool {
        if case .stored = source { return true }
        return false
    }
    var isKept: Bool {
        if case .text = source { return true }
        return lock.withLock { read != nil }
    }

    /// Whether there is no text, found without reading it.
    var isEmpty: Bool {
        switch source {
        case .text(let text): return text.isEmpty
        case .utf8(let bytes): return bytes.isEmpty
        case .stored(let count, _, _, _): return count == 0
        case .later(let other): return other().isEmpty
        }
    }

    var value: String {
        switch source {
        case .text(let text): return text
        case .utf8(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .later(let other): return other().value
        case .stored(_, let keepsRead, _, let load):
            return lock.withLock {
                if let read { return read }
                let text = String(decoding: load() ?? Data(), as: UTF8.self)
                if keepsRead { read = text }
                return text
            }
        }
    }

    /// The text's UTF-8 bytes, for a reader that needs no `String`; trusted stored bytes are
    /// handed over as read, others go through `value` (which repairs invalid UTF-8).
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch source {
        case .utf8(let bytes): return try bytes.withUnsafeBufferPointer(body)
        case .later(let other): return try other().withUTF8(body)
        case .stored(_, _, true, let load):
            if let bytes = load() { return try bytes.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) } }
        default: break
        }
        return try value.withUTF8Bytes(body)
    }
}
