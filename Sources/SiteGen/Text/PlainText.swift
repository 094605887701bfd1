/// Builds plain text from pieces, joining lines the way each script expects:
/// a line break between two Japanese characters disappears ("です。\nまた" →
/// "です。また"), between English words it becomes one space.
public struct PlainText: Sendable {
    private var result = ""
    private var pendingBreak = false

    public init() {}

    public mutating func append(_ piece: String) {
        guard let first = piece.first else { return }
        if pendingBreak, let last = result.last {
            if !(Script.isCJK(last) && Script.isCJK(first)) && !last.isWhitespace && !first.isWhitespace {
                result += " "
            }
        }
        pendingBreak = false
        result += piece
    }

    public mutating func breakLine() { pendingBreak = !result.isEmpty }
    public mutating func breakBlock() { pendingBreak = !result.isEmpty }

    public func joined() -> String { result }
}
