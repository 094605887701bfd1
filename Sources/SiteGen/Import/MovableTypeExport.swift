import Foundation

/// Hatena Blog's export file (Movable Type import format): entries separated by a
/// line of eight hyphens, sections by five, `KEY: VALUE` metadata, multi-line
/// sections BODY, EXTENDED BODY, EXCERPT and COMMENT.
public struct MovableTypeEntry: Sendable {
    public var number: Int
    public var title: String
    public var basename: String?
    public var status: String?
    public var date: Date
    public var categories: [String]
    public var image: String?
    public var body: String
    public var extendedBody: String
    public var excerpt: String
    public var comments: Int

    public var isDraft: Bool { status?.lowercased() == "draft" }
}

public enum MovableTypeExport {
    public struct Problem: Sendable, CustomStringConvertible {
        public var entry: Int
        public var said: Message
        public var message: String { Messages.english(said) }
        public var description: String { Messages.english(located) }
        /// "entry 3: …", the way the import command prints it.
        public var located: Message { Message("import.entry", ["entry": "\(entry)", "problem": said]) }
    }

    /// Reads every entry; a malformed one becomes a problem and the rest are read. An export
    /// that ends inside an entry (no closing line of eight hyphens: a download cut short)
    /// gives that entry as far as it goes, with a warning.
    public static func parse(_ text: String, timeZone: TimeZone) -> (entries: [MovableTypeEntry], problems: [Problem], warnings: [Problem]) {
        let normalized = text.replacingAll("\r\n", with: "\n").replacingAll("\r", with: "\n")
        var entries: [MovableTypeEntry] = []
        var problems: [Problem] = []
        let blocks = split(normalized, separator: "--------")
        for (index, block) in blocks.enumerated() where !block.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                entries.append(try entry(block, number: index + 1, timeZone: timeZone))
            } catch let problem as Problem {
                problems.append(problem)
            } catch {
                problems.append(Problem(entry: index + 1, said: Message("file.failed", ["problem": "\(error)"])))
            }
        }
        var warnings: [Problem] = []
        if let last = blocks.last, !last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            warnings.append(Problem(entry: blocks.count, said: Message("import.cut_short")))
        }
        return (entries, problems, warnings)
    }

    /// Splits on lines that are exactly `separator`.
    static func split(_ text: String, separator: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == separator {
                blocks.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        blocks.append(current.joined(separator: "\n"))
        return blocks
    }

    static let multiLine: Set<String> = ["BODY", "EXTENDED BODY", "EXCERPT", "COMMENT", "KEYWORDS"]

    static func entry(_ block: String, number: Int, timeZone: TimeZone) throws -> MovableTypeEntry {
        var metadata: [(String, String)] = []
        var sections: [String: [String]] = [:]
        for section in split(block, separator: "-----") {
            var lines = section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
            guard let first = lines.first else { continue }
            let key = first.hasSuffix(":") ? String(first.dropLast()) : ""
            if multiLine.contains(key) {
                sections[key, default: []].append(lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines))
                continue
            }
            for line in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let colon = line.range(of: ": ") ?? (line.hasSuffix(":") ? line.range(of: ":", options: .backwards) : nil) else {
                    throw Problem(entry: number, said: Message("import.bad_line", ["line": line.prefix(60)]))
                }
                metadata.append((String(line[..<colon.lowerBound]).uppercased(), String(line[colon.upperBound...])))
            }
        }
        func value(_ key: String) -> String? { metadata.first { $0.0 == key }?.1 }
        guard let title = value("TITLE") else { throw Problem(entry: number, said: Message("import.no_title")) }
        guard let dateText = value("DATE") else { throw Problem(entry: number, said: Message("import.no_date", ["title": title])) }
        guard let date = parseDate(dateText, timeZone: timeZone) else {
            throw Problem(entry: number, said: Message("import.bad_date", ["title": title, "date": dateText]))
        }
        return MovableTypeEntry(
            number: number, title: title, basename: value("BASENAME"), status: value("STATUS"), date: date,
            categories: metadata.filter { $0.0 == "CATEGORY" }.map { $0.1.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            image: value("IMAGE"),
            body: sections["BODY"]?.first ?? "",
            extendedBody: sections["EXTENDED BODY"]?.first ?? "",
            excerpt: sections["EXCERPT"]?.first ?? "",
            comments: sections["COMMENT"]?.count ?? 0
        )
    }

    // Only matched against (a `Regex` keeps no state between matches); never changed.
    nonisolated(unsafe) static let datePattern = #/^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AaPp][Mm]))?$/#

    /// `09/18/2017 20:45:21`, or `09/18/2017 08:45:21 PM`, in the blog's time zone.
    static func parseDate(_ text: String, timeZone: TimeZone) -> Date? {
        guard let m = try? datePattern.wholeMatch(in: text.trimmingCharacters(in: .whitespaces)),
              let month = Int(m.1), let day = Int(m.2), let year = Int(m.3), var hour = Int(m.4),
              let minute = Int(m.5), let second = Int(m.6) else { return nil }
        if let meridiem = m.7?.lowercased() {
            guard (1...12).contains(hour) else { return nil }
            if meridiem == "am" && hour == 12 { hour = 0 }
            if meridiem == "pm" && hour != 12 { hour += 12 }
        }
        let text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second)
        return DateParser(timeZone: timeZone).parse(text)
    }
}

extension MovableTypeExport.Problem: Error {}
