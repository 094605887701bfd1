/// Related posts: for each post, the three others sharing the most tags, newest first
/// among equals (posts are numbered newest first, so the lower number wins a tie).
///
/// Indexed once so the work per post does not grow with the site: every combination of
/// a post's tags (for posts with up to `maxIndexedTags` tags) lists the posts having all
/// of them, in order. A post's best candidates are then read level by level: first the
/// posts sharing all its tags, then those sharing all but one, and so on, each level's
/// lists merged from their fronts until three are found. (Scanning every post that shares
/// a tag grew with the square of the site: 50,000 posts took 25 s.) Posts with more tags
/// than that are not in the index: they are scored one by one against each post (few
/// posts have that many), and a post with that many is scored against every post
/// sharing one of its tags, as before.
struct RelatedPosts: Sendable {
    static let maxIndexedTags = 5
    /// Each post's related posts, found once for all on every core (every post page needs them).
    let all: [[Int]]

    /// `tags[i]`: post `i`'s tag slugs (posts newest first).
    init(tags slugs: [[String]]) {
        let index = Index(tags: slugs)
        all = Parallel.map(Array(index.tags.indices)) { index.find($0) }
    }

    /// Found by an earlier build (`RelatedPostsStore`).
    init(stored all: [[Int]]) { self.all = all }

    /// Up to three other posts sharing the most tags with `post`, newest first among equals.
    func related(to post: Int) -> [Int] { all[post] }

    /// The index the posts are found in.
    private struct Index: Sendable {
        /// Each post's tags as numbers (one per distinct slug), ascending, without repeats.
        let tags: [[Int32]]
        let combinations: [UInt64: [Int]]
        let byTag: [Int32: [Int]]
        /// Tag → the posts with more than `maxIndexedTags` tags that have it.
        let wideByTag: [Int32: [Int]]
        let keys: SubsetKeys

        init(tags slugs: [[String]]) {
            // Slugs numbered by their bytes (a `String` key hashed each Japanese slug's NFC form).
            var numbers: [ByteKey: Int32] = [:]
            tags = slugs.map { post in
                Array(Set(post.map { slug in
                    let key = ByteKey(slug)
                    if let number = numbers[key] { return number }
                    numbers[key] = Int32(numbers.count)
                    return Int32(numbers.count - 1)
                })).sorted()
            }
            var keys = SubsetKeys(tagCount: numbers.count)
            var combinations: [UInt64: [Int]] = [:]
            var byTag: [Int32: [Int]] = [:]
            var wideByTag: [Int32: [Int]] = [:]
            for (index, tags) in tags.enumerated() {
                for tag in tags { byTag[tag, default: []].append(index) }
                guard tags.count <= RelatedPosts.maxIndexedTags else {
                    for tag in tags { wideByTag[tag, default: []].append(index) }
                    continue
                }
                for mask in 1..<(1 << tags.count) { combinations[keys.add(tags, mask), default: []].append(index) }
            }
            self.combinations = combinations
            self.byTag = byTag
            self.wideByTag = wideByTag
            self.keys = keys
        }

        func find(_ post: Int, count: Int = 3) -> [Int] {
            let tags = self.tags[post]
            guard tags.count <= RelatedPosts.maxIndexedTags else { return Self.best(scores(post, in: byTag), count: count) }
            var chosen: [(key: Int, value: Int)] = []
            for shared in stride(from: tags.count, through: 1, by: -1) where chosen.count < count {
                // A post met here for the first time shares exactly `shared` tags: one sharing
                // more was met at a higher level and, as fewer than `count` were found there, taken.
                let lists = (1..<(1 << tags.count)).filter { $0.nonzeroBitCount == shared }
                    .compactMap { keys.key(tags, $0).flatMap { combinations[$0] } }
                var cursors = [Int](repeating: 0, count: lists.count)
                while chosen.count < count {
                    var next: Int?
                    for (i, list) in lists.enumerated() {
                        while cursors[i] < list.count, list[cursors[i]] == post || chosen.contains(where: { $0.key == list[cursors[i]] }) { cursors[i] += 1 }
                        if cursors[i] < list.count { next = min(next ?? list[cursors[i]], list[cursors[i]]) }
                    }
                    guard let next else { break }
                    chosen.append((next, shared))
                }
            }
            // The posts with many tags, scored one by one, compete with the three found.
            var candidates = scores(post, in: wideByTag)
            for (key, value) in chosen { candidates[key] = value }
            return Self.best(candidates, count: count)
        }

        /// Each post in `lists` sharing a tag with `post`, with the number of tags it shares.
        private func scores(_ post: Int, in lists: [Int32: [Int]]) -> [Int: Int] {
            var scores: [Int: Int] = [:]
            for tag in tags[post] {
                for other in lists[tag] ?? [] where other != post { scores[other, default: 0] += 1 }
            }
            return scores
        }

        /// The best `count` (most shared tags, then lowest number), kept in one pass.
        private static func best(_ scores: [Int: Int], count: Int) -> [Int] {
            func isBetter(_ a: (key: Int, value: Int), than b: (key: Int, value: Int)) -> Bool {
                a.value != b.value ? a.value > b.value : a.key < b.key
            }
            var best: [(key: Int, value: Int)] = []
            for candidate in scores {
                guard best.count < count || isBetter(candidate, than: best[best.count - 1]) else { continue }
                best.append(candidate)
                best.sort(by: isBetter)
                if best.count > count { best.removeLast() }
            }
            return best.map(\.key)
        }
    }
}

/// One number for each set of at most `RelatedPosts.maxIndexedTags` tags: the tags' numbers
/// (+1) packed 12 bits each, which needs no table, while a site has fewer than 4,095 tags;
/// beyond that, numbers handed out as sets are met. (The sets were joined into strings
/// before: 150,000 strings made and hashed at 10,000 posts, on one core, every build.)
struct SubsetKeys: Sendable {
    private let packs: Bool
    private var numbered: [[Int32]: UInt64] = [:]

    init(tagCount: Int) { packs = tagCount < 4_095 }

    /// The key of the tags of `tags` picked by the bits of `mask`; nil for a set never added.
    func key(_ tags: [Int32], _ mask: Int) -> UInt64? {
        packs ? Self.pack(tags, mask) : numbered[Self.subset(tags, mask)]
    }

    /// The same, numbering the set if it is new.
    mutating func add(_ tags: [Int32], _ mask: Int) -> UInt64 {
        if packs { return Self.pack(tags, mask) }
        let subset = Self.subset(tags, mask)
        if let key = numbered[subset] { return key }
        let key = UInt64(numbered.count)
        numbered[subset] = key
        return key
    }

    private static func pack(_ tags: [Int32], _ mask: Int) -> UInt64 {
        var key: UInt64 = 0
        for (i, tag) in tags.enumerated() where mask & (1 << i) != 0 { key = key << 12 | UInt64(tag + 1) }
        return key
    }

    private static func subset(_ tags: [Int32], _ mask: Int) -> [Int32] {
        tags.indices.filter { mask & (1 << $0) != 0 }.map { tags[$0] }
    }
}
