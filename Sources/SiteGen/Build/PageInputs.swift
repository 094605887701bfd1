import Foundation

/// What an output file is made from, as the step that writes it declares it.
/// `BuildContext.key(_:)` is the one function that turns it into the file's key, and a
/// previous build's file stays exactly when its key is the same: a step lists everything
/// its file reads, and nothing else decides whether the file is made again.
struct PageInputs {
    enum Item {
        /// Rendered through this layout: the theme (its templates and UI strings, `t`) and
        /// `site`'s values, which every page reads.
        case layout(String)
        case text(String)
        case number(Int)
        case crumbs([(name: String, path: String)])
        case json([JSONValue])
        /// Values made already; their `site` and `t` are covered by `layout`.
        case values(TemplateValue)
        /// A post's file as written, its URL and what its body was rendered from.
        case post(Int)
        /// These posts' cards (title, URL, dates, summary, reading time, tags…).
        case cards([Int])
        /// These posts as the archive lists them (`TemplateValues.archiveEntry`).
        case archiveEntries([Int])
        /// The titles and URLs of the posts before and after this one.
        case neighbours(of: Int)
        /// What a post's search entry holds: its title, URL, date, tags and text.
        case searchEntry(Int)
        /// The sitemap's lines, in any order (the pages arrive from every core).
        case sitemap([Sitemap.Entry])
    }

    var items: [Item]

    init(_ items: [Item]) { self.items = items }
    init(_ items: Item...) { self.items = items }
}

extension BuildContext {
    /// The key of a file made from `inputs`. Besides what they list, every key holds
    /// sitegen's version and the settings (site.yml, services.yml, the base URL, and so the
    /// language, time zone and calendar every date and link is formatted in).
    func key(_ inputs: PageInputs) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        hasher.combine(site.settingsHash)
        for item in inputs.items {
            switch item {
            case .layout(let layout):
                hasher.combine(1)
                hasher.combine(themeFingerprint)
                hasher.combine(siteWideHash)
                hasher.combine(layout)
            case .text(let text):
                hasher.combine(2)
                hasher.combine(text)
            case .number(let number):
                hasher.combine(3)
                hasher.combine(number)
            case .crumbs(let crumbs):
                hasher.combine(4)
                hasher.combine(crumbs.count)
                for crumb in crumbs { hasher.combine(crumb.name); hasher.combine(crumb.path) }
            case .json(let values):
                hasher.combine(5)
                hasher.combine(values.isEmpty ? "" : JSONValue.array(values).serialized)
            case .values(let values):
                hasher.combine(6)
                values.combine(into: &hasher, skipping: ["site", "t"])
            case .post(let index):
                let post = site.posts[index]
                hasher.combine(7)
                hasher.combine(post.file.source)
                hasher.combine(post.file.textHash)
                hasher.combine(post.path)
                hasher.combine(posts[index].key)
                hasher.combine(site.shareCards[post.path] ?? "")
            case .cards(let indices):
                hasher.combine(8)
                hasher.combine(indices.count)
                for index in indices { hasher.combine(values.cardHash(index)) }
            case .archiveEntries(let indices):
                hasher.combine(12)
                hasher.combine(indices.count)
                for index in indices {
                    let post = site.posts[index]
                    hasher.combine(post.title)
                    hasher.combine(post.path)
                    hasher.combine(post.date.timeIntervalSinceReferenceDate.bitPattern)
                    hasher.combine(post.frontMatter.draft ? 1 : 0)
                }
            case .neighbours(let index):
                hasher.combine(9)
                for neighbour in [index - 1, index + 1] {
                    guard site.posts.indices.contains(neighbour) else { hasher.combine(0); continue }
                    hasher.combine(site.posts[neighbour].title)
                    hasher.combine(site.posts[neighbour].path)
                }
            case .searchEntry(let index):
                let post = site.posts[index]
                hasher.combine(10)
                hasher.combine(post.title)
                hasher.combine(post.path)
                hasher.combine(post.date.timeIntervalSinceReferenceDate.bitPattern)
                hasher.combine(post.tags.count)
                for tag in post.tags { hasher.combine(tag.name) }
                // The body's inputs stand for its text; a body rendered without them (key 0) is hashed itself.
                if posts[index].key != 0 { hasher.combine(posts[index].key) } else { hasher.combine(posts[index].text) }
            case .sitemap(let entries):
                hasher.combine(11)
                hasher.combine(entries.count)
                hasher.combine(entries.reduce(0 as UInt64) { sum, entry in
                    var line = StableHasher()
                    line.combine(entry.path)
                    line.combine(entry.lastmod.map { $0.timeIntervalSince1970.bitPattern } ?? 1)
                    return sum &+ line.value
                })
            }
        }
        return hasher.value
    }
}
