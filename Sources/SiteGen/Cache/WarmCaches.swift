import Foundation

/// What a long-running process (`sitegen serve`) keeps in memory between its builds: the
/// values each cache pack gave or made last time, decoded. A rebuild after one saved post
/// then takes 10,000 front matters, bodies' figures and cards from memory instead of
/// reading and decoding each from its pack. Keys are hashes of a value's inputs, so a value
/// found here is the one the pack would give; only the last build's values are kept.
public final class WarmCaches: @unchecked Sendable { // everything under `lock`
    private let lock = NSLock()
    /// Pack file path → `[UInt64: Value]` of that pack's value type.
    private var packs: [String: Any] = [:]
    /// Posts and pages the last build loaded, by `SiteLoader.warmKey`.
    private var documents: [UInt64: SiteLoader.Document] = [:]
    /// The last build's related posts, for the posts' tags in order.
    private var related: (tags: [[String]], posts: RelatedPosts)?
    /// The last build's manifest and folder stamps, as written to files of these identities.
    private var output: (value: BuildCache.LastOutput, files: [UInt64])?

    public init() {}

    func values<Value>(for pack: URL) -> [UInt64: Value]? {
        lock.withLock { packs[pack.path] as? [UInt64: Value] }
    }

    func keep<Value>(_ values: [UInt64: Value], for pack: URL) {
        lock.withLock { packs[pack.path] = values }
    }

    var loadedDocuments: [UInt64: SiteLoader.Document] {
        get { lock.withLock { documents } }
        set { lock.withLock { documents = newValue } }
    }

    /// Related posts for these tags (each post's, posts in order): the last build's when
    /// they are the same (an edit that changed no tag and no date), else found and kept.
    func relatedPosts(tags: [[String]], make: () -> RelatedPosts) -> RelatedPosts {
        if let kept = lock.withLock({ related }), kept.tags == tags { return kept.posts }
        let posts = make()
        lock.withLock { related = (tags, posts) }
        return posts
    }

    /// The last build's output record, while its files are those this process wrote.
    func lastOutput(files: [UInt64]) -> BuildCache.LastOutput? {
        lock.withLock { output?.files == files ? output?.value : nil }
    }

    func keep(_ lastOutput: BuildCache.LastOutput, files: [UInt64]) {
        lock.withLock { output = (lastOutput, files) }
    }
}
