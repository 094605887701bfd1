/// Builds plain text from pieces, joining them the way each script expects.
/// A line break inside a paragraph disappears between two Japanese characters
/// ("です。\nまた" → "です。また") and becomes a space between English words.
/// Between blocks (a heading and its paragraph) a space is kept, unless the block
/// already ended with Japanese punctuation, so "一週間" + "取材" never fuse.
public struct PlainText: Sendable {
    private enum Break { case none, line, block }
    /// UTF-8: a post's text comes in hundreds of pieces straight from cmark-gfm's buffers,
    /// and making each a `String` first (checking its UTF-8 again) cost more than joining them.
    private var result: [UInt8] = []
    private var pending = Break.none

    static let closingPunctuation: Set<Character> = ["。", "、", "！", "？", "」", "』", "）", "】"]

    public init() {}

    public mutating func append(_ piece: String) {
        piece.withUTF8Bytes { append(utf8: $0) }
    }

    /// A piece as valid UTF-8 bytes.
    mutating func append(utf8 piece: UnsafeBufferPointer<UInt8>) {
        guard !piece.isEmpty else { return }
        if pending != .none, let last = lastEdge, !last.isWhitespace {
            let first = Self.firstEdge(piece)
            if !first.isWhitespace {
                switch pending {
                case .none: break
                case .line: if !(last.isCJK && first.isCJK) { result.append(0x20) }
                case .block: if !last.isClosing { result.append(0x20) }
                }
            }
        }
        pending = .none
        result.append(contentsOf: piece)
    }

    /// What the joining rules ask of the character on either side of a break.
    private struct Edge {
        var isWhitespace: Bool
        var isCJK: Bool
        var isClosing = false
    }

    /// The text's last character, as the rules see it (nil: no text yet). Most answers need no
    /// grapheme breaking: an ASCII character, or a kana, kanji or Japanese punctuation mark
    /// after another or after ASCII, is a character of its own.
    private var lastEdge: Edge? {
        guard let lastByte = result.last else { return nil }
        if let ascii = endsInASCII { return Edge(isWhitespace: Self.isASCIISpace(ascii), isCJK: false) }
        if lastByte >= 0x80 {
            var start = result.count - 1
            while start > 0, result[start] & 0xC0 == 0x80 { start -= 1 }
            let value = result.withUnsafeBufferPointer { UTF8Scan.scalar(in: $0, at: start).0 }
            if Script.isPlainCJK(value), start == 0 || result[start - 1] < 0x80 || Self.endsInPlainCJK(result[..<start]) {
                return Edge(isWhitespace: false, isCJK: true, isClosing: Self.closingScalars.contains(value))
            }
        }
        guard let last = lastCharacter else { return nil }
        return Edge(isWhitespace: last.isWhitespace, isCJK: Script.isCJK(last), isClosing: Self.closingPunctuation.contains(last))
    }

    /// A piece's first character, as the rules see it: what `Character.isWhitespace` and
    /// `Script.isCJK` say of a character is what they say of its first scalar.
    private static func firstEdge(_ piece: UnsafeBufferPointer<UInt8>) -> Edge {
        if piece[0] < 0x80 { return Edge(isWhitespace: isASCIISpace(piece[0]), isCJK: false) }
        let value = UTF8Scan.scalar(in: piece, at: 0).0
        if Script.isPlainCJK(value) { return Edge(isWhitespace: false, isCJK: true) }
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        return Edge(isWhitespace: scalar.properties.isWhitespace, isCJK: Script.isCJK(scalar))
    }

    /// Whether the bytes end with a scalar that `Script.isPlainCJK` (three bytes, all of them).
    private static func endsInPlainCJK(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 3 else { return false }
        let end = bytes.endIndex
        let (a, b, c) = (UInt32(bytes[end - 3]), UInt32(bytes[end - 2]), UInt32(bytes[end - 1]))
        guard a & 0xF0 == 0xE0, b & 0xC0 == 0x80, c & 0xC0 == 0x80 else { return false }
        return Script.isPlainCJK((a & 0x0F) << 12 | (b & 0x3F) << 6 | c & 0x3F)
    }

    /// `closingPunctuation`'s characters, each one scalar.
    private static let closingScalars: Set<UInt32> = Set(closingPunctuation.map { $0.unicodeScalars.first!.value })

    /// The last byte when the text's last character is that one ASCII character (its last two
    /// bytes are ASCII, or it has one: no other scalar can be in the same character).
    private var endsInASCII: UInt8? {
        guard let last = result.last, last < 0x80 else { return nil }
        return result.count == 1 || result[result.count - 2] < 0x80 ? last : nil
    }

    /// How many bytes at the text's end are decoded to find its last character: more than a
    /// character of prose takes (a kanji with a variation selector is 7 bytes). A longer emoji
    /// sequence is cut, which changes nothing: its scalars are none of whitespace, CJK or
    /// closing punctuation.
    private static let characterWindow = 24

    /// The text's last character, from its last bytes (cut at a scalar's start).
    private var lastCharacter: Character? {
        var start = max(0, result.count - Self.characterWindow)
        while start < result.count, result[start] & 0xC0 == 0x80 { start += 1 }
        return result[start...].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }.last
    }

    /// What `Character.isWhitespace` says of an ASCII character: tab, line feed, vertical
    /// tab, form feed, carriage return, space.
    private static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    public mutating func breakLine() { if pending == .none && !result.isEmpty { pending = .line } }
    public mutating func breakBlock() { if !result.isEmpty { pending = .block } }

    public func joined() -> String { String(decoding: result, as: UTF8.self) }
    /// The text as UTF-8.
    var bytes: [UInt8] { result }
}
