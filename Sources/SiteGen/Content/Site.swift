import Foundation

/// What the build options change about which content is published.
public struct ContentOptions: Sendable {
    public var includeDrafts = false
    public var includeFuture = false
    public var now = Date()
    public init(includeDrafts: Bool = false, includeFuture: Bool = false, now: Date = Date()) {
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.now = now
    }
}

/// The typed model of a whole site: the output of the load stage and the only
/// input of the render stage.
public struct Site: Sendable {
    /// Whether any post or page has a Hugo shortcode (most sites have none).
    var usesShortcodes: Bool {
        posts.contains { !$0.file.shortcodes.isEmpty } || pages.contains { !$0.file.shortcodes.isEmpty }
    }

    /// Each post's and page's address by its source file, for `ref`/`relref` (empty when no
    /// file has a shortcode).
    var addressesBySource: [String: String] {
        guard usesShortcodes else { return [:] }
        var addresses: [String: String] = [:]
        for post in posts { addresses[post.file.source] = post.path }
        for page in pages { addresses[page.file.source] = page.path }
        return addresses
    }

    public var root: String
    public var config: SiteConfig
    /// Published posts, newest first.
    public var posts: [Post]
    public var pages: [Page]
    public var tags: [Taxonomy.Entry]
    public var categories: [Taxonomy.Entry]
    public var staticFiles: [StaticFile]
    /// Services, portfolio and terms from `Content/services.yml`; nil when there is none.
    public var services: ServicesData?
    public var calendar: Calendar
    /// When the first post held back for its future date comes out: a build after
    /// then must not be skipped as "nothing changed".
    public var nextPublication: Date? = nil
    /// Hash of the settings files (`site.yml`, `services.yml`) and the base URL given on
    /// the command line: part of the key of pages whose inputs are hashed up front.
    public var settingsHash: UInt64 = 0
    /// What the load stage noticed but could go on without (links in Content/ it did not follow).
    public var warnings: [SiteError] = []
    /// Hugo's `_index.md` texts, each shown above a list's first page.
    public var sectionTexts: [SectionText] = []
    /// What the image stage made of the local images (empty before it, or with `images.process: false`).
    public var images = ImageCatalog()
    /// Each post's share card, by post path (site path of the card image).
    public var shareCards: [String: String] = [:]
}

/// Tags or categories with the posts filed under each.
public enum Taxonomy {
    public struct Entry: Sendable {
        public var term: Term
        /// Indexes into `Site.posts`, newest first.
        public var posts: [Int]
    }

    /// Groups posts by term; names that slug the same ("Swift", "swift") share one page.
    static func build(_ posts: [Post], terms: (Post) -> [Term]) -> [Entry] {
        var entries: [Entry] = []
        // Slug → its entry: one lookup per use of a term, by the slug's bytes (slugs are made
        // composed, NFC; a `String` key hashed each Japanese slug's normal form again).
        var numbers: [ByteKey: Int] = [:]
        for index in posts.indices {
            for term in terms(posts[index]) {
                let key = ByteKey(term.slug)
                let number = numbers[key] ?? {
                    entries.append(Entry(term: term, posts: []))
                    numbers[key] = entries.count - 1
                    return entries.count - 1
                }()
                if entries[number].posts.last != index { entries[number].posts.append(index) }
            }
        }
        // Most used first, then by name, so the tag cloud reads from important to rare.
        return entries.sorted {
            $0.posts.count != $1.posts.count ? $0.posts.count > $1.posts.count : $0.term.name < $1.term.name
        }
    }
}
