import Foundation

/// Text given at once, or read only when first used (from a cache, say: most of an
/// incremental build's posts show neither their HTML nor their text). It knows nothing
/// of where stored text lives: whoever stores it hands over how to read it.
///
/// Stored text is read again each time it is used, never kept: a build uses a body's HTML
/// once or twice (its page, a feed), and kept, every body read would stay in memory with the
/// values `sitegen serve` holds between builds (`WarmCaches`).
final class LazyText: Sendable {
    private enum Source {
        /// Given as a `String`.
        case text(String)
        /// Valid UTF-8 made from other text (a body with an ad spliced in).
        case utf8([UInt8])
        /// `count` UTF-8 bytes that `load` reads. `trusted`: the bytes are known to be valid
        /// UTF-8 and are handed over unchecked.
        case stored(count: Int, trusted: Bool, load: @Sendable () -> Data?)
        /// Another text, asked for each time this one is read.
        case later(@Sendable () -> LazyText)
    }

    private let source: Source

    init(_ text: String) { source = .text(text) }

    /// Valid UTF-8 (made from other text), kept as it is.
    init(utf8 bytes: [UInt8]) { source = .utf8(bytes) }

    /// `count` bytes of UTF-8 that `load` reads each time the text is used.
    init(stored count: Int, trusted: Bool, load: @escaping @Sendable () -> Data?) {
        source = .stored(count: count, trusted: trusted, load: load)
    }

    /// The text `later` gives, asked for each time it is read.
    init(later: @escaping @Sendable () -> LazyText) { source = .later(later) }

    /// Whether the text is stored, read when used (tests).
    var isStored: Bool {
        if case .stored = source { return true }
        return false
    }

    /// Whether there is no text, found without reading it.
    var isEmpty: Bool {
        switch source {
        case .text(let text): return text.isEmpty
        case .utf8(let bytes): return bytes.isEmpty
        case .stored(let count, _, _): return count == 0
        case .later(let other): return other().isEmpty
        }
    }

    var value: String {
        switch source {
        case .text(let text): return text
        case .utf8(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .later(let other): return other().value
        case .stored(_, _, let load):
            return String(decoding: load() ?? Data(), as: UTF8.self)
        }
    }

    /// The text's UTF-8 bytes, for a reader that needs no `String`; trusted stored bytes are
    /// handed over as read, others go through `value` (which repairs invalid UTF-8).
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch source {
        case .utf8(let bytes): return try bytes.withUnsafeBufferPointer(body)
        case .later(let other): return try other().withUTF8(body)
        case .stored(_, true, let load):
            if let bytes = load() { return try bytes.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) } }
        default: break
        }
        return try value.withUTF8Bytes(body)
    }
}
