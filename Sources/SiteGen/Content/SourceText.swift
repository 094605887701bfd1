/// A content file's text split into front matter and body, after the
/// normalisations every editor's output needs (BOM, CRLF, lone CR).
public struct SourceText: Sendable {
    public var frontMatter: String?
    public var body: String
    /// The 1-based line of the file where the body starts.
    public var bodyLine: Int

    public static func split(_ raw: String, file: String) throws -> SourceText {
        var text = raw
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            return SourceText(frontMatter: nil, body: text, bodyLine: 1)
        }
        for index in 1..<max(lines.count, 1) {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line == "---" || line == "..." {
                let yaml = lines[1..<index].joined(separator: "\n")
                let body = lines[(index + 1)...].joined(separator: "\n")
                return SourceText(frontMatter: yaml, body: body, bodyLine: index + 2)
            }
        }
        throw SiteError(file: file, line: 1, message: "the front matter that starts here is never closed",
                        hint: "add a line with only `---` after the last front matter line")
    }
}
