import Foundation

/// A post read from another generator's files, for the addresses an import compares: its
/// front matter and date, read once, and the address sitegen gives it.
struct ImportedPost {
    let frontMatter: FrontMatter
    /// The file's name (a bundle's folder name for `index.md`): the slug and date come from it when the front matter has none.
    let fileName: String
    let date: Date

    /// nil when the text has no front matter sitegen reads, or no date.
    init?(_ text: String, relative: String, dates: DateParser) {
        guard let split = try? SourceText.split(text, file: relative),
              let frontMatter = try? FrontMatter.read(text: split.frontMatter ?? "", file: relative, dates: dates) else { return nil }
        let fileName = PageBundles.folderName("posts/" + relative) ?? String(PageBundles.lastComponent(relative))
        guard let date = frontMatter.date ?? SiteLoader.dateFromFileName(fileName, calendar: dates.calendar) else { return nil }
        (self.frontMatter, self.fileName, self.date) = (frontMatter, fileName, date)
    }

    /// Where sitegen publishes it, by the loader's own slug rule.
    func address(_ permalink: Permalink, calendar: Calendar) -> String? {
        let file = ContentFile(source: fileName, frontMatter: frontMatter, markdown: "", bodyLine: 1)
        guard let slug = try? SiteLoader.slug(explicit: frontMatter.slug, fileName: fileName, file: file, date: date, calendar: calendar) else { return nil }
        return permalink.path(slug: slug, date: date, calendar: calendar)
    }
}

/// The `Content/site.yml` an import writes from the old site's settings.
struct ImportedSettings {
    var generator: String
    var title: String?
    var description: String?
    /// The old site's language code (`ja-jp`, `en`): English when it starts with `en`, else Japanese.
    var languageCode: String?
    var baseURL: String?
    var timezone: String?
    var postsPerPage: Int?
    var permalink: String
    var author: String?

    var yaml: String {
        var lines = ["# Imported from a \(generator) site by `sitegen import \(generator.lowercased())`."]
        func line(_ key: String, _ value: String?) { if let value, !value.isEmpty { lines.append("\(key): \(NewContent.yamlString(value))") } }
        line("title", title.flatMap { $0.isEmpty ? nil : $0 } ?? "My site")
        line("description", description)
        lines.append("language: \(languageCode?.lowercased().hasPrefix("en") == true ? "en" : "ja")")
        line("base_url", baseURL)
        line("timezone", timezone)
        if let postsPerPage { lines.append("posts_per_page: \(postsPerPage)") }
        lines.append("permalink: \(permalink)")
        if let author { lines.append("author:\n  name: \(NewContent.yamlString(author))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
