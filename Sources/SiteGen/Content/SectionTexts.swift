import Foundation

/// Hugo's `_index.md`: a text a list page shows above its posts. `Content/_index.md` is the
/// home page's, `Content/posts/_index.md` the archive's (sitegen's list of every post), and
/// `Content/tags/NAME/_index.md` or `Content/categories/NAME/_index.md` a term's page (NAME
/// as written in the posts, or its slug). Only the body is shown; the list keeps its own title.
/// Any other `_index.md` (a Hugo section sitegen has no list for) is not published.
public struct SectionText: Sendable {
    /// The list page it is shown on (`/`, `/archives/`, `/tags/納期/`).
    public var path: String
    /// Its file, under `Content/`.
    public var source: String
    public var markdown: String
    /// The line of the file its body starts on.
    public var bodyLine: Int
}

enum SectionTexts {
    /// The list page a `_index.md` at `relative` (under `Content/`) is shown on; nil for one
    /// that is no list's.
    static func listPath(_ relative: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return SiteLinks.home
        case 2 where parts[0] == "posts": return SiteLinks.archives
        case 3 where parts[0] == "tags" || parts[0] == "categories":
            let slug = Slug.make(String(parts[1]))
            guard !slug.isEmpty else { return nil }
            return (parts[0] == "tags" ? SiteLinks.tags : SiteLinks.categories) + slug + "/"
        default: return nil
        }
    }

    /// A text for a term no post has: its page is never made.
    static func unused(_ texts: [SectionText], tags: [Taxonomy.Entry], categories: [Taxonomy.Entry]) -> [SiteError] {
        let made = Set(tags.map { SiteLinks.tag($0.term) } + categories.map { SiteLinks.category($0.term) } + [SiteLinks.home, SiteLinks.archives])
        return texts.filter { !made.contains($0.path) }.map { text in
            SiteError(file: SiteLoader.contentFolder + "/" + text.source, Message("content.section_text_unused", ["path": text.path]), severity: .warning)
        }
    }
}
