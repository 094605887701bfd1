import Foundation

/// Related posts kept between builds in `.sitegen-cache/…/related`, under one hash of every
/// post's tags in the posts' order: a build whose posts kept their tags and order (an edited
/// body or title) reads them back instead of indexing every post's tags again (a fifth of
/// the CPU of one edit's rebuild at 10,000 posts). A long-running process keeps them in
/// memory instead (`WarmCaches`).
/// Written with the other caches, after a build that succeeded (`save`).
final class RelatedPostsStore: @unchecked Sendable { // mutable state only under `lock`
    let file: URL?
    let readsStored: Bool
    private let repairs: CacheRepairs?
    private let io: FileIO
    private let lock = NSLock()
    /// What `save` writes: the related posts this build found (nil: read back, or none found).
    private var found: Data?

    init(file: URL?, readsStored: Bool = true, repairs: CacheRepairs? = nil, io: FileIO = .disk) {
        self.file = file
        self.io = io
        self.readsStored = readsStored
        self.repairs = repairs
    }

    static let header = "sitegen-related 1"

    func relatedPosts(tags: [[String]]) -> RelatedPosts {
        let key = Self.key(tags)
        if readsStored, let file, let data = CacheFile.read(file.path, repairs: repairs, io: io), let all = Self.parse(data, key: key, posts: tags.count) {
            return RelatedPosts(stored: all)
        }
        let related = RelatedPosts(tags: tags)
        if file != nil { lock.withLock { found = Self.serialized(related.all, key: key) } }
        return related
    }

    func save() {
        guard let file, let data = lock.withLock({ found }) else { return }
        try? io.makeFolders(file.deletingLastPathComponent().path)
        CacheFile.write(data, to: file.path, io: io)
    }

    static func key(_ tags: [[String]]) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(tags.count)
        for post in tags {
            hasher.combine(post.count)
            for slug in post { hasher.combine(slug) }
        }
        return hasher.value
    }

    /// The header, the key, then each post's number of related posts and their numbers.
    static func serialized(_ all: [[Int]], key: UInt64) -> Data {
        var out = CacheWriter()
        out.string(header)
        out.words([key])
        out.int(all.count)
        out.halfwords(all.map { UInt32($0.count) })
        out.halfwords(all.flatMap { $0.map { UInt32($0) } })
        return out.finish()
    }

    /// Nil unless the file holds related posts for `key` and `posts` posts, each number a post's.
    static func parse(_ data: Data, key: UInt64, posts: Int) -> [[Int]]? {
        var input = CacheReader(data)
        guard input.string(is: header), let stored = input.words(1), stored[0] == key,
              input.int() == posts, let counts = input.halfwords(posts) else { return nil }
        let total = counts.reduce(0) { $0 + Int($1) }
        guard let numbers = input.halfwords(total), input.isAtEnd, numbers.allSatisfy({ Int($0) < posts }) else { return nil }
        var all: [[Int]] = []
        all.reserveCapacity(posts)
        var next = 0
        for count in counts {
            all.append(numbers[next..<(next + Int(count))].map(Int.init))
            next += Int(count)
        }
        return all
    }
}
