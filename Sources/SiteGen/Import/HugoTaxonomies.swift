import Foundation

/// A Hugo site's taxonomies (`[taxonomies] tag = "topics"`) as sitegen's two, tags and
/// categories: the front matter keys renamed to sitegen's, and the old term pages
/// (`/topics/swift-ui/`) sent to sitegen's (`/tags/swift-ui/`) wherever the name or the
/// spelling of a term's address differs. Other taxonomies (series…) are left in the front
/// matter, where sitegen ignores them.
struct HugoTaxonomies {
    /// Hugo's plural name for sitegen's `tags` and `categories` (nil: the site has no such taxonomy).
    let tags: String?
    let categories: String?

    init(_ config: [String: Any]) {
        // Hugo's defaults, replaced as a whole by the site's own list.
        let map = config["taxonomies"] as? [String: Any] ?? ["tag": "tags", "category": "categories"]
        tags = (map["tag"] as? String)?.lowercased()
        categories = (map["category"] as? String)?.lowercased()
    }

    /// sitegen's key for a Hugo taxonomy's plural name, nil when sitegen has none for it.
    func sitegenKey(_ plural: String) -> String? {
        switch plural.lowercased() {
        case tags: "tags"
        case categories: "categories"
        default: nil
        }
    }

    private var renamed: [(from: String, to: String)] {
        [(tags, "tags"), (categories, "categories")].compactMap { from, to in from.flatMap { $0 == to ? nil : ($0, to) } }
    }

    /// The taxonomy pages themselves, where Hugo's name is not sitegen's.
    var indexRedirects: [(from: String, to: String)] {
        renamed.map { ("/\($0.from)/", "/\($0.to)/") }
    }

    /// Each term's old page sent to its new one, when the two differ.
    func termRedirects(_ frontMatter: FrontMatter) -> [(from: String, to: String)] {
        [(tags, frontMatter.tags, SiteLinks.tags), (categories, frontMatter.categories, SiteLinks.categories)].flatMap { plural, names, index in
            guard let plural else { return [(from: String, to: String)]() }
            return names.compactMap { name in
                let old = Self.urlize(name), new = Slug.make(name)
                guard !old.isEmpty, !new.isEmpty else { return nil }
                let from = "/\(plural)/\(old)/"
                return from == index + new + "/" || URLPath.hasUnsafeSegment(from) ? nil : (from, index + new + "/")
            }
        }
    }

    /// The text with the renamed taxonomies' keys made sitegen's (`topics:` → `tags:`), in the
    /// front matter only, in YAML, TOML or JSON.
    func renamingKeys(in text: String) -> String {
        let renamed = renamed
        guard !renamed.isEmpty, let split = try? SourceText.split(text, file: ""), split.frontMatter != nil else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The lines before the body: the front matter with its fences.
        for index in lines.indices.prefix(split.bodyLine - 1) {
            for (from, to) in renamed {
                let line = lines[index]
                let key = line.drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "{" || $0 == "," }
                guard key.lowercased().hasPrefix(from) else { continue }
                let after = key.dropFirst(from.count).drop { $0 == "\"" || $0 == " " }
                guard after.hasPrefix(":") || after.hasPrefix("=") else { continue }
                lines[index] = String(line.dropLast(key.count)) + to + key.dropFirst(from.count)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A term's address as Hugo makes it (`urlize`): lower case, spaces made hyphens, letters,
    /// digits and `._-+~@` kept.
    static func urlize(_ name: String) -> String {
        var out = ""
        var hyphen = false
        for scalar in name.trimmingCharacters(in: .whitespaces).lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || "._-+~@".unicodeScalars.contains(scalar) {
                if hyphen && !out.isEmpty { out += "-" }
                hyphen = false
                out.unicodeScalars.append(scalar)
            } else if p.isWhitespace {
                hyphen = true
            }
        }
        return out
    }
}
