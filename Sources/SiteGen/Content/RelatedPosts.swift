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
    let tags: [[String]]
    private let combinations: [String: [Int]]
    private let byTag: [String: [Int]]
    /// Tag slug → the posts with more than `maxIndexedTags` tags that have it.
    private let wideByTag: [String: [Int]]

    /// `tags[i]`: post `i`'s tag slugs (posts newest first).
    init(tags: [[String]]) {
        self.tags = tags.map { Array(Set($0)).sorted() }
        var combinations: [String: [Int]] = [:]
        var byTag: [String: [Int]] = [:]
        var wideByTag: [String: [Int]] = [:]
        for (index, slugs) in self.tags.enumerated() {
            for slug in slugs { byTag[slug, default: []].append(index) }
            guard slugs.count <= Self.maxIndexedTags else {
                for slug in slugs { wideByTag[slug, default: []].append(index) }
                continue
            }
            for subset in Self.subsets(of: slugs) { combinations[Self.key(subset), default: []].append(index) }
        }
        self.combinations = combinations
        self.byTag = byTag
        self.wideByTag = wideByTag
    }

    func related(to post: Int, count: Int = 3) -> [Int] {
        let slugs = tags[post]
        guard slugs.count <= Self.maxIndexedTags else { return Self.best(scores(post, in: byTag), count: count) }
        var chosen: [(key: Int, value: Int)] = []
        for shared in stride(from: slugs.count, through: 1, by: -1) where chosen.count < count {
            // A post met here for the first time shares exactly `shared` tags: one sharing
            // more was met at a higher level and, as fewer than `count` were found there, taken.
            let lists = Self.subsets(of: slugs).filter { $0.count == shared }.compactMap { combinations[Self.key($0)] }
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
    private func scores(_ post: Int, in lists: [String: [Int]]) -> [Int: Int] {
        var scores: [Int: Int] = [:]
        for slug in tags[post] {
            for other in lists[slug] ?? [] where other != post { scores[other, default: 0] += 1 }
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

    private static func key(_ slugs: [String]) -> String { slugs.joined(separator: "\u{1}") }

    /// The non-empty subsets of sorted `slugs`, each sorted.
    private static func subsets(of slugs: [String]) -> [[String]] {
        (1..<(1 << slugs.count)).map { mask in slugs.indices.filter { mask & (1 << $0) != 0 }.map { slugs[$0] } }
    }
}
