import Foundation

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
        // Byte-level checks: Foundation's String search is slow on Linux, and this runs per file.
        if text.withUTF8({ $0.count > 0 && memchr($0.baseAddress!, 13, $0.count) != nil }) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        var lines = LineScanner(text)
        guard let first = lines.next() else { return SourceText(frontMatter: nil, body: text, bodyLine: 1) }
        if isFence(first, "+++") || first.first == UInt8(ascii: "{") {
            return try ForeignFrontMatter.split(text, file: file)
        }
        guard isFence(first, "---") else {
            return SourceText(frontMatter: nil, body: text, bodyLine: 1)
        }
        let yamlStart = lines.position
        var number = 1
        while let line = lines.next() {
            number += 1
            if isFence(line, "---") || isFence(line, "...") {
                let utf8 = text.utf8
                let yamlEnd = line.startIndex == yamlStart ? yamlStart : utf8.index(before: line.startIndex)
                let yaml = String(Substring(utf8[yamlStart..<yamlEnd]))
                let body = String(Substring(utf8[lines.position...]))
                return SourceText(frontMatter: yaml, body: body, bodyLine: number + 1)
            }
        }
        throw SiteError(file: file, line: 1, Message("front_matter.not_closed"))
    }

    /// A line that is only `fence`, with spaces or tabs around it.
    static func isFence(_ line: Substring.UTF8View, _ fence: String) -> Bool {
        // Over the line's bytes where they are at hand (always, for a file read as text): the
        // views' generic `drop` and `reversed` cost a thousand instructions a line.
        line.withContiguousStorageIfAvailable {
            UTF8Scan.trimming($0) { $0 == 32 || $0 == 9 }.elementsEqual(fence.utf8)
        } ?? line.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed().elementsEqual(fence.utf8)
    }
}

/// The lines of a text, as byte ranges, without copying it.
struct LineScanner {
    let utf8: Substring.UTF8View
    private(set) var position: String.Index

    init(_ text: String) {
        utf8 = Substring(text).utf8
        position = utf8.startIndex
    }

    /// The next line without its newline; nil at the end of the text.
    mutating func next() -> Substring.UTF8View? {
        guard position < utf8.endIndex else { return nil }
        let rest = utf8[position...]
        // The newline found by `memchr` where the bytes are at hand (always, for a file read as text).
        let offset = rest.withContiguousStorageIfAvailable { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base, 10, bytes.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        let end = switch offset {
        case .some(.some(let distance)): utf8.index(position, offsetBy: distance)
        case .some(.none): utf8.endIndex // the last line
        case .none: rest.firstIndex(of: 10) ?? utf8.endIndex
        }
        let line = utf8[position..<end]
        position = end < utf8.endIndex ? utf8.index(after: end) : end
        return line
    }
}
