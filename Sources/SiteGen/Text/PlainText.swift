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
        var piece = piece
        piece.withUTF8 { append(utf8: $0) }
    }

    /// A piece as valid UTF-8 bytes.
    mutating func append(utf8 piece: UnsafeBufferPointer<UInt8>) {
        guard let firstByte = piece.first else { return }
        if pending != .none, !result.isEmpty {
            if let lastByte = endsInASCII, firstByte < 0x80 {
                // ASCII on both sides (most English joins): no grapheme breaking or Unicode
                // property lookups, and neither side is Japanese or closing punctuation.
                if !Self.isASCIISpace(lastByte), !Self.isASCIISpace(firstByte) { result.append(0x20) }
            } else if let last = lastCharacter, let first = Self.firstCharacter(piece), !last.isWhitespace, !first.isWhitespace {
                switch pending {
                case .none: break
                case .line: if !(Script.isCJK(last) && Script.isCJK(first)) { result.append(0x20) }
                case .block: if !Self.closingPunctuation.contains(last) { result.append(0x20) }
                }
            }
        }
        pending = .none
        result.append(contentsOf: piece)
    }

    /// The last byte when the text's last character is that one ASCII character (its last two
    /// bytes are ASCII, or it has one: no other scalar can be in the same character).
    private var endsInASCII: UInt8? {
        guard let last = result.last, last < 0x80 else { return nil }
        return result.count == 1 || result[result.count - 2] < 0x80 ? last : nil
    }

    /// How many bytes at a piece's end (or start) are decoded to find its last (or first)
    /// character: more than a character of prose takes (a kanji with a variation selector
    /// is 7 bytes). A longer emoji sequence is cut, which changes nothing: its scalars are
    /// none of whitespace, CJK or closing punctuation.
    private static let characterWindow = 24

    /// The text's last character, from its last bytes (cut at a scalar's start).
    private var lastCharacter: Character? {
        var start = max(0, result.count - Self.characterWindow)
        while start < result.count, result[start] & 0xC0 == 0x80 { start += 1 }
        return result[start...].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }.last
    }

    /// A piece's first character, from its first bytes (cut before a scalar's start).
    private static func firstCharacter(_ piece: UnsafeBufferPointer<UInt8>) -> Character? {
        var end = min(piece.count, characterWindow)
        while end < piece.count, end > 0, piece[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: piece[..<end]), as: UTF8.self).first
    }

    /// What `Character.isWhitespace` says of an ASCII character: tab, line feed, vertical
    /// tab, form feed, carriage return, space.
    private static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    public mutating func breakLine() { if pending == .none && !result.isEmpty { pending = .line } }
    public mutating func breakBlock() { if !result.isEmpty { pending = .block } }

    public func joined() -> String { String(decoding: result, as: UTF8.self) }
}
