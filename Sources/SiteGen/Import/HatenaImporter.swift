import Foundation

/// `sitegen import hatena EXPORT.txt`: one Markdown file per entry, with the old
/// `/entry/BASENAME` address kept as an alias so old links keep working.
public struct HatenaImporter {
    public struct Report: Sendable {
        public var written: [String] = []
        /// Files that exist already (an earlier import, maybe edited since): left alone.
        public var skipped: [String] = []
        public var problems: [MovableTypeExport.Problem] = []
        /// Entries imported with a doubt (the export cut off inside the last one).
        public var warnings: [MovableTypeExport.Problem] = []
        public var comments = 0
        /// Posts whose HTML had no Markdown equivalent and was kept (marked `html: true`).
        public var keptHTML: [String] = []
    }

    public var into: URL
    public var timeZone: TimeZone
    public var force: Bool

    public init(into: URL, timeZone: TimeZone = TimeZone(identifier: "Asia/Tokyo")!, force: Bool = false) {
        self.into = into
        self.timeZone = timeZone
        self.force = force
    }

    public func run(_ text: String) throws -> Report {
        var report = Report()
        let (entries, problems, warnings) = MovableTypeExport.parse(text, timeZone: timeZone)
        report.problems = problems
        report.warnings = warnings
        let fm = FileManager.default
        try fm.createDirectory(at: into, withIntermediateDirectories: true)
        let format = DateFormat(calendar: DateParser(timeZone: timeZone).calendar, language: .ja)
        for entry in entries {
            report.comments += entry.comments
            let converted = markdown(for: entry)
            let name = fileName(for: entry, format: format)
            let url = into.appendingPathComponent(name)
            if fm.fileExists(atPath: url.path) && !force {
                report.skipped.append(name)
                continue
            }
            try Data(document(entry, body: converted.body, keptHTML: converted.keptHTML, format: format).utf8).write(to: url)
            report.written.append(name)
            if converted.keptHTML { report.keptHTML.append(name) }
        }
        return report
    }

    func markdown(for entry: MovableTypeEntry) -> (body: String, keptHTML: Bool) {
        var converter = HTMLToMarkdown()
        var html = entry.body
        if !entry.extendedBody.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            html += "\n<!-- more -->\n" + entry.extendedBody
        }
        let body = converter.convert(html)
        return (body, converter.keptHTML)
    }

    /// `2017-09-18-<basename>.md`; Hatena's dated basenames (`2017/09/18/204521`) become `204521`.
    func fileName(for entry: MovableTypeEntry, format: DateFormat) -> String {
        let day = String(format.iso(entry.date).prefix(10))
        var base = entry.basename ?? ""
        let datePrefix = day.replacingAll("-", with: "/") + "/"
        if base.hasPrefix(datePrefix) { base = String(base.dropFirst(datePrefix.count)) }
        var slug = Slug.make(base)
        if slug.isEmpty { slug = "entry-\(entry.number)" }
        return "\(day)-\(slug).md"
    }

    /// The old address `/entry/BASENAME` as a browser asks for it: `.` and `..` resolved
    /// (a browser never sends them), empty parts, backslashes and control characters gone;
    /// so an odd BASENAME still gives an alias the site can build. Nil: nothing is left.
    static func alias(basename: String?) -> String? {
        var parts: [Substring] = []
        let cleaned = String((basename ?? "").unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        for part in cleaned.replacingAll("\\", with: "/").split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return parts.isEmpty ? nil : "/entry/" + parts.joined(separator: "/")
    }

    func document(_ entry: MovableTypeEntry, body: String, keptHTML: Bool, format: DateFormat) -> String {
        func quoted(_ text: String) -> String { Escape.jsonString(text).replacingAll("\\u003c", with: "<").replacingAll("\\u003e", with: ">").replacingAll("\\u0026", with: "&") }
        var lines = ["---", "title: \(quoted(entry.title))", "date: \(format.iso(entry.date))"]
        if let first = entry.categories.first { lines.append("categories: [\(quoted(first))]") }
        if !entry.categories.isEmpty { lines.append("tags: [" + entry.categories.map(quoted).joined(separator: ", ") + "]") }
        if let image = entry.image, !image.isEmpty { lines.append("image: \(quoted(image))") }
        if entry.isDraft { lines.append("draft: true") }
        if let alias = Self.alias(basename: entry.basename) { lines.append("aliases: [\(quoted(alias))]") }
        if keptHTML { lines.append("html: true  # parts of this post are HTML that Markdown cannot express") }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n\n" + body + "\n"
    }
}
