/// Builds plain text from pieces, joining them the way each script expects.
/// A line break inside a paragraph disappears between two Japanese characters
/// ("です。\nまた" → "です。また") and becomes a space between English words.
/// Between blocks (a heading and its paragraph) a space is kept, unless the block
/// already ended with Japanese punctuation, so "一週間" + "取材" never fuse.
public struct PlainText: Sendable {
    private enum Break { case none, line, block }
    private var result = ""
    private var pending = Break.none

    static let closingPunctuation: Set<Character> = ["。", "、", "！", "？", "」", "』", "）", "】"]

    public init() {}

    public mutating func append(_ piece: String) {
        guard let firstByte = piece.utf8.first else { return }
        if pending != .none, !result.isEmpty {
            if let lastByte = Self.endsInASCII(result), firstByte < 0x80 {
                // ASCII on both sides (most English joins): no grapheme breaking or Unicode
                // property lookups, and neither side is Japanese or closing punctuation.
                if !Self.isASCIISpace(lastByte), !Self.isASCIISpace(firstByte) { result += " " }
            } else if let last = result.last, let first = piece.first, !last.isWhitespace, !first.isWhitespace {
                switch pending {
                case .none: break
                case .line: if !(Script.isCJK(last) && Script.isCJK(first)) { result += " " }
                case .block: if !Self.closingPunctuation.contains(last) { result += " " }
                }
            }
        }
        pending = .none
        result += piece
    }

    /// The last byte when the text's last character is that one ASCII character (its last two
    /// bytes are ASCII, or it has one: no other scalar can be in the same character).
    private static func endsInASCII(_ text: String) -> UInt8? {
        let bytes = text.utf8
        guard let last = bytes.last, last < 0x80 else { return nil }
        let before = bytes.index(before: bytes.endIndex)
        guard before > bytes.startIndex else { return last }
        return bytes[bytes.index(before: before)] < 0x80 ? last : nil
    }

    /// What `Character.isWhitespace` says of an ASCII character: tab, line feed, vertical
    /// tab, form feed, carriage return, space.
    private static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    public mutating func breakLine() { if pending == .none && !result.isEmpty { pending = .line } }
    public mutating func breakBlock() { if !result.isEmpty { pending = .block } }

    public func joined() -> String { result }
}
