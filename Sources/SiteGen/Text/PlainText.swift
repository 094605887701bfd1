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
        guard let first = piece.first else { return }
        if let last = result.last, !last.isWhitespace, !first.isWhitespace {
            switch pending {
            case .none: break
            case .line: if !(Script.isCJK(last) && Script.isCJK(first)) { result += " " }
            case .block: if !Self.closingPunctuation.contains(last) { result += " " }
            }
        }
        pending = .none
        result += piece
    }

    public mutating func breakLine() { if pending == .none && !result.isEmpty { pending = .line } }
    public mutating func breakBlock() { if !result.isEmpty { pending = .block } }

    public func joined() -> String { result }
}
