import Foundation

/// `sitegen new post` and `sitegen new page`: a Markdown file with its front
/// matter filled in, never overwriting one that exists.
public enum NewContent {
    /// Creates `Content/posts/YYYY-MM-DD-slug.md`, dated now in the site's time zone, as a draft.
    public static func post(root: URL, title: String, slug: String?, tags: [String], now: Date = Date()) throws -> URL {
        let config = try SiteLoader(root: root.standardizedFileURL.path, options: ContentOptions()).loadConfig()
        let format = DateFormat(calendar: DateParser(timeZone: config.timeZone).calendar, language: config.language)
        let iso = format.iso(now)
        let day = String(iso.prefix(10))
        let name = try postSlug(title: title, explicit: slug, iso: iso)
        var lines = [
            "---",
            "title: \(yamlString(title))",
            "date: \(iso)",
            "draft: true",
        ]
        if !tags.isEmpty { lines.append("tags: [" + tags.map(yamlString).joined(separator: ", ") + "]") }
        lines += ["description: ", "---", "", ""]
        return try create(root.appendingPathComponent("Content/posts/\(day)-\(name).md"), lines.joined(separator: "\n"))
    }

    /// Creates `Content/pages/NAME.md`.
    public static func page(root: URL, name: String) throws -> URL {
        let slug = Slug.make(name)
        guard !slug.isEmpty else {
            throw SiteError(file: name, Message("new.page_name_empty"))
        }
        let text = "---\ntitle: \(yamlString(name))\n---\n\n"
        return try create(root.appendingPathComponent("Content/pages/\(slug).md"), text)
    }

    /// A title in Japanese (or any non-Latin script) gets a slug from the date and
    /// time (`20261129-153000`): transliteration gives nonsense, and stripping gives nothing.
    static func postSlug(title: String, explicit: String?, iso: String) throws -> String {
        if let explicit {
            let slug = Slug.make(explicit)
            guard !slug.isEmpty else {
                throw SiteError(file: "--slug", Message("new.slug_empty", ["slug": explicit]))
            }
            return slug
        }
        if title.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let slug = Slug.make(title)
            if !slug.isEmpty { return slug }
        }
        let digits = iso.prefix(19).filter(\.isNumber) // 20261129153000
        return String(digits.prefix(8)) + "-" + String(digits.dropFirst(8))
    }

    static func yamlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func create(_ url: URL, _ text: String) throws -> URL {
        let fm = FileManager.default
        let display = url.path
        guard !fm.fileExists(atPath: url.path) else {
            throw SiteError(file: display, Message("new.exists"))
        }
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // `withoutOverwriting` closes the gap between the check above and the write.
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw SiteError(file: display, Message("file.unwritable", ["problem": error.localizedDescription]))
        }
        return url
    }
}
