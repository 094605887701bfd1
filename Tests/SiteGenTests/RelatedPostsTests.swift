import Foundation
import Testing
@testable import SiteGen

/// Related posts read from the combination index must be exactly what scoring every
/// post that shares a tag gives: most shared tags first, then the newest (lowest number).
@Suite struct RelatedPostsTests {
    func bruteForce(_ tags: [[String]], _ post: Int) -> [Int] {
        let mine = Set(tags[post])
        let scored = tags.indices.filter { $0 != post }.map { ($0, Set(tags[$0]).intersection(mine).count) }.filter { $0.1 > 0 }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }

    @Test func theIndexGivesWhatScoringEveryPostGives() {
        var generator = SystemRandomNumberGenerator()
        let pool = (0..<9).map { "tag\($0)" }
        // Up to seven tags a post: beyond five, the post is scored the old way.
        let tags = (0..<400).map { _ in (0..<Int.random(in: 0...7, using: &generator)).map { _ in pool.randomElement(using: &generator)! } }
        let related = RelatedPosts(tags: tags)
        for post in tags.indices {
            #expect(related.related(to: post) == bruteForce(tags, post), "post \(post): \(tags[post])")
        }
        // A site with more tags than fit in packed keys numbers its tag sets instead.
        let many = tags + (0..<4_200).map { ["only\($0)", pool[$0 % pool.count]] }
        let relatedMany = RelatedPosts(tags: many)
        for post in stride(from: 0, to: many.count, by: 29) {
            #expect(relatedMany.related(to: post) == bruteForce(many, post), "post \(post): \(many[post])")
        }
    }

    @Test func fewerThanThreeWhenFewShareATag() {
        let related = RelatedPosts(tags: [["a", "b"], ["b"], ["c"], ["a", "b"]])
        #expect(related.related(to: 0) == [3, 1])
        #expect(related.related(to: 2) == [])
    }

    /// What a build stores is read back only for the same posts' tags in the same order.
    @Test func storedRelatedPostsReadBackOnlyForTheSameTags() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-related-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = RelatedPostsStore(file: folder.appendingPathComponent("related"))
        let tags = [["納期", "b"], ["b"], ["c"], ["納期", "b"], []]
        let found = store.relatedPosts(tags: tags)
        #expect(found.all == RelatedPosts(tags: tags).all)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("related").path)) // written by `save`, with the other caches
        store.save()
        let data = try #require(CacheFile.read(folder.appendingPathComponent("related").path, repairs: nil, io: .disk))
        let key = RelatedPostsStore.key(tags)
        #expect(RelatedPostsStore.parse(data, key: key, posts: tags.count) == found.all)
        // Other tags (or the same in another order) have another key; a damaged file is not read.
        #expect(RelatedPostsStore.key([["b"], ["納期", "b"], ["c"], ["納期", "b"], []]) != key)
        #expect(RelatedPostsStore.key([["納期", "b"], ["b"], ["c"], ["納期"], ["b"]]) != key)
        #expect(RelatedPostsStore.parse(data, key: key &+ 1, posts: tags.count) == nil)
        #expect(RelatedPostsStore.parse(data, key: key, posts: tags.count + 1) == nil)
        #expect(RelatedPostsStore.parse(data.dropLast(), key: key, posts: tags.count) == nil)
        var wrongNumber = RelatedPostsStore.serialized([[9], [], [], [], []], key: key)
        #expect(RelatedPostsStore.parse(wrongNumber, key: key, posts: tags.count) == nil)
        wrongNumber = RelatedPostsStore.serialized([[1], [], [], [], []], key: key)
        #expect(RelatedPostsStore.parse(wrongNumber, key: key, posts: tags.count) == [[1], [], [], [], []])
        // A stored answer is used as it is: a store that reads finds what the file says.
        CacheFile.write(RelatedPostsStore.serialized([[4], [], [], [], []], key: key), to: folder.appendingPathComponent("related").path, io: .disk)
        #expect(store.relatedPosts(tags: tags).all == [[4], [], [], [], []])
        #expect(RelatedPostsStore(file: store.file, readsStored: false).relatedPosts(tags: tags).all == found.all)
    }
}
