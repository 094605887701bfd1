import Foundation
import Synchronization

/// The static search index: token → posts, split into shards so a visitor downloads
/// only the shards their query's tokens live in, plus one small file per post
/// (title, URL, date, text) fetched for the top results only, for snippets and for
/// checking that the post really contains the query.
struct SearchIndex {
    static let folder = "search"
    /// Aim for shards of about this many bytes.
    static let targetShardBytes = 32 * 1024

    /// A class: the index's chunks pass 10,000 of them around, and copying a struct of six
    /// strings and arrays retained each one.
    final class Document: Sendable {
        let title: String
        let url: String
        let date: String
        let dateISO: String
        let tags: [String]
        /// The post's text, decoded only when the index needs it (its tokens or its file
        /// must be made again).
        let body: LazyText
        var text: String { body.value }

        /// The text's UTF-8 bytes (see `LazyText.withUTF8`).
        func withText<Result>(_ read: (UnsafeBufferPointer<UInt8>) -> Result) -> Result { body.withUTF8(read) }

        convenience init(title: String, url: String, date: String, dateISO: String, tags: [String], text: String) {
            self.init(title: title, url: url, date: date, dateISO: dateISO, tags: tags, body: LazyText(text))
        }

        init(title: String, url: String, date: String, dateISO: String, tags: [String], body: LazyText) {
            (self.title, self.url, self.date, self.dateISO, self.tags, self.body) = (title, url, date, dateISO, tags, body)
        }
    }

    /// The digits of the postings encoding: the first 32 end a number, the last 32 say
    /// that more digits (five bits each, lowest first) follow.
    static let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `[doc, score, doc, score, …]` (docs ascending) as text: each doc as the gap from
    /// the one before, then its score, as variable-length base-32 numbers. A common
    /// bigram's thousands of postings take two or three bytes each instead of seven.
    /// search.js `decode` reads it back.
    static func encode(_ postings: [Int]) -> String {
        var out: [UInt8] = []
        appendEncoded(postings, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendEncoded(_ postings: [Int], to out: inout [UInt8]) {
        // Written through a pointer into room made first (13 digits hold any number) and cut to
        // what was written: appended digit by digit, each digit checked the array was not shared.
        let start = out.count, room = postings.count / 2 * 26
        out.append(contentsOf: repeatElement(0, count: room))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            Self.digits.withUnsafeBufferPointer { digits in
                var at = start
                func number(_ value: Int) {
                    precondition(value >= 0, "postings are docs ascending and scores")
                    var value = value
                    while value >= 32 {
                        buffer[at] = digits[32 + value & 31]
                        value >>= 5
                        at += 1
                    }
                    buffer[at] = digits[value]
                    at += 1
                }
                var previous = 0, i = 0
                while i + 1 < postings.count {
                    number(postings[i] - previous)
                    number(postings[i + 1])
                    previous = postings[i]
                    i += 2
                }
                return at - start
            }
        }
        out.removeLast(room - written)
    }

    /// Postings as a shard stores them: the `encode`d list, or, for a token in so many posts
    /// that it is shorter, `[bitmap, boosts]`: one bit a post (six to a digit, post `6k + b`
    /// in bit `b` of digit `k`) and the `encode`d list of the posts that have the token in
    /// their title or tags, with their scores. The other posts score 1: how often a token
    /// that common occurs says little about which post is best, and a common bigram's list
    /// was most of a query's download and of its time in the browser.
    static func postingsJSON(_ postings: [Int], documents: Int) -> String {
        var out: [UInt8] = []
        appendPostingsJSON(postings, documents: documents, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendPostingsJSON(_ postings: [Int], documents: Int, to out: inout [UInt8]) {
        let start = out.count
        out.append(UInt8(ascii: "\""))
        appendEncoded(postings, to: &out)
        out.append(UInt8(ascii: "\""))
        let listLength = out.count - start
        let bitmapLength = (documents + 5) / 6
        guard bitmapLength < listLength else { return }
        var bits = [UInt8](repeating: 0, count: bitmapLength)
        var boosts: [Int] = []
        for i in stride(from: 0, to: postings.count - 1, by: 2) {
            bits[postings[i] / 6] |= 1 << (postings[i] % 6)
            if postings[i + 1] >= 10 { boosts.append(postings[i]); boosts.append(postings[i + 1]) } // no array made for the pair
        }
        var common: [UInt8] = Array("[\"".utf8)
        common += bits.lazy.map { digits[Int($0)] }
        common += "\",\"".utf8
        appendEncoded(boosts, to: &common)
        common += "\"]".utf8
        if common.count < listLength {
            out.removeSubrange(start...)
            out += common
        }
    }

    /// Shards are gathered in groups: a token's group is the low five bits of its hash, so
    /// it is known before the number of shards is (a power of two of at least 32 shards
    /// keeps those bits; fewer shards take the groups that share their bits together).
    static let groups = 32

    /// A document's postings sorted by group: `codes[groupStarts[g]..<groupStarts[g + 1]]`
    /// (and their `scores`) are group `g`'s. The hashes that chose the groups are not kept:
    /// at 50,000 posts the postings are most of the build's memory.
    private struct Postings: Sendable {
        var codes: [UInt64]
        var scores: [UInt8]
        var groupStarts: [Int32]

        /// (A counting sort: a few hundred postings into 32 groups.)
        init(_ tokens: DocumentTokens) {
            let starts = SearchIndex.bucketStarts(SearchIndex.groups, tokens.hashes.lazy.map { Int($0) & (SearchIndex.groups - 1) })
            var next = starts
            var codes = [UInt64](repeating: 0, count: tokens.codes.count), scores = [UInt8](repeating: 0, count: tokens.codes.count)
            for i in tokens.codes.indices {
                let group = Int(tokens.hashes[i]) & (SearchIndex.groups - 1)
                codes[next[group]] = tokens.codes[i]
                scores[next[group]] = tokens.scores[i]
                next[group] += 1
            }
            (self.codes, self.scores, self.groupStarts) = (codes, scores, starts.map { Int32($0) })
        }
    }

    /// One document's tokens: codes with their scores, and the texts of its word codes
    /// (Japanese and Chinese codes carry their characters). Kept between builds per post,
    /// so an edit tokenizes one post again, not all of them.
    struct DocumentTokens {
        var codes: [UInt64]
        var scores: [UInt8]
        var words: WordTexts
        /// Each code's text's FNV hash, which picks its shard: kept with the tokens so a
        /// build that reads them back need not hash the texts again.
        var hashes: [UInt32]
    }

    /// A document's tokens with their scores: the body one per occurrence (at most 9),
    /// tags 10, the title 20, so a score of 10 or more says "in the title or tags" (see
    /// `postingsJSON`). Codes in the order they first occur.
    static func tokens(_ document: Document) -> DocumentTokens {
        // Read once: a body's text is read from the cache file each time it is asked for.
        let counts = document.withText { text in
            // A distinct token for every 8 bytes: twice what the bench's 5 KB texts have (about 330),
            // about what real prose has. Sized for every byte a token (a third of them), the table
            // was 44 KB to fill and probe a post, more than the cache nearest the core holds.
            let counts = TokenCounts(expected: text.count / 8)
            counts.add(utf8: text, scoring: .occurrences)
            return counts
        }
        for tag in document.tags { counts.add(tag, scoring: .tag) } // once however many tags have it
        counts.add(document.title, scoring: .title)
        return counts.tokens
    }

    static func tokenCache(file: URL?, readsStored: Bool = true, warm: WarmCaches? = nil, repairs: CacheRepairs? = nil, io: FileIO = .disk) -> RecordPack<DocumentTokens> {
        // Spilled: a site's first build made every post's tokens, held until saved (290 MB at 50,000 posts).
        RecordPack(file: file, header: "sitegen-search-tokens 1", readsStored: readsStored, encodesAtOnce: true, spills: true, warm: warm, repairs: repairs, io: io,
                   encode: \.cached, decode: { DocumentTokens(cached: $0.head) })
    }

    /// The index's files (shards and `index.json`), by path under the output folder, sorted by path.
    static func indexFiles(_ documents: [Document]) -> [(path: String, contents: String)] {
        let files = MadeFiles()
        _ = try? buildIndex(documents, write: files.add)
        return files.inOrder
    }

    /// What `updatedIndex` needs to change the index later: each shard's record in `SearchIndexCache.shards`
    /// (nil without a cache), each document's number of tokens.
    struct BuiltIndex {
        var shardKeys: [UInt64?]
        var tokenCounts: [Int]
    }

    /// The whole index, each file handed to `write` as soon as it is made (on any thread).
    /// Documents are tokenized in chunks on every core (tokens as numbers, words' texts kept
    /// once per chunk; with `keys`, each document's tokens come from `cache` when its key is
    /// there), then each group of shards gathers its postings (`token → [doc, score, doc, score, …]`,
    /// docs ascending) on its own, and its shards are written and recorded in `shards`.
    static func buildIndex(_ documents: [Document], keys: [UInt64]? = nil, cache: RecordPack<DocumentTokens>? = nil,
                           shards records: SearchIndexCache? = nil,
                           write: @Sendable (_ path: String, _ contents: String) throws -> Void) throws -> BuiltIndex {
        let chunkSize = max(64, documents.count / 32)
        let chunks = stride(from: 0, to: documents.count, by: chunkSize).map { $0..<min($0 + chunkSize, documents.count) }
        let tokenized = Parallel.map(chunks) { chunk -> (postings: [Postings], words: WordTable) in
            var words = WordTable()
            let postings = chunk.map { index -> Postings in
                let tokens = if let keys, let cache {
                    cache.value(for: keys[index]) { Self.tokens(documents[index]) }
                } else {
                    Self.tokens(documents[index])
                }
                words.add(tokens.words)
                return Postings(tokens)
            }
            return (postings, words)
        }
        var allWords = WordTable()
        for chunk in tokenized { allWords.add(chunk.words) }
        let words = allWords
        let postings = tokenized.flatMap(\.postings)
        let tokenCounts = postings.map { $0.codes.count } // a closure: a key path costs a call each
        let shardCount = shardCount(tokens: tokenCounts.reduce(0, +))
        // Shard `s` holds the tokens of group `g` when `s` and `g` agree in their low bits,
        // as many of them as the smaller count has. Each set of groups is gathered on its own.
        let sets = min(shardCount, groups)
        let made = Parallel.map(Array(0..<sets)) { set -> Result<[(number: Int, key: UInt64?)], Error> in
            var gathered = GatheredShards()
            for (id, document) in postings.enumerated() {
                for group in stride(from: set, to: groups, by: sets) {
                    for i in Int(document.groupStarts[group])..<Int(document.groupStarts[group + 1]) {
                        gathered.add(document.codes[i], doc: id, score: document.scores[i])
                    }
                }
            }
            return Result {
                try gathered.shards(stride(from: set, to: shardCount, by: sets), count: shardCount, words: words).map { number, shard in
                    let file = shardFile(number, shard, documents: documents.count)
                    try write(file.path, file.contents)
                    return (number, records?.store(shard))
                }
            }
        }
        var shardKeys = [UInt64?](repeating: nil, count: shardCount)
        for set in made {
            for shard in try set.get() { shardKeys[shard.number] = shard.key }
        }
        let index = indexFile(shards: shardCount, documents: documents.count)
        try write(index.path, index.contents)
        return BuiltIndex(shardKeys: shardKeys, tokenCounts: tokenCounts)
    }

    /// About 3 bytes per posting (see `encode`): enough to choose a shard count (a power of two).
    static func shardCount(tokens: Int) -> Int {
        var count = 1
        while tokens * 3 / count > targetShardBytes { count *= 2 }
        return count
    }

    static func shardFile(_ number: Int, _ shard: ShardPostings, documents: Int) -> (path: String, contents: String) {
        ("\(folder)/s/\(number).json", shard.json(documents: documents))
    }

    static func indexFile(shards: Int, documents: Int) -> (path: String, contents: String) {
        ("\(folder)/index.json", "{\"version\":3,\"shards\":\(shards),\"documents\":\(documents)}")
    }

    /// Every file: the index, and one file per post.
    static func files(_ documents: [Document]) -> [(path: String, contents: String)] {
        indexFiles(documents) + documents.indices.map { documentFile(id: $0, documents[$0]) }
    }

    /// One post's file, fetched for the results shown: title, URL, dates, tags and the
    /// text (for the snippet and the exact-phrase check).
    static func documentFile(id: Int, _ document: Document) -> (path: String, contents: String) {
        (documentPath(id), String(decoding: documentJSON(document), as: UTF8.self))
    }

    static func documentPath(_ id: Int) -> String { "\(folder)/d/\(id).json" }

    static func documentJSON(_ document: Document) -> [UInt8] {
        var out: [UInt8] = []
        JSONValue.object([
            ("t", .string(document.title)), ("u", .string(document.url)), ("d", .string(document.date)),
            ("g", .string(document.tags.joined(separator: " "))), ("i", .string(document.dateISO)),
        ]).serialize(into: &out)
        // The text last, escaped from its bytes as the cache holds them (no `String` made of it).
        out.removeLast() // the object's `}`
        out += #","x":"#.utf8
        document.withText { Escape.appendJSONString(utf8: $0, to: &out) }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

extension SearchIndex {
    /// The postings of a set of shards as documents are added in order (docs ascending).
    private struct GatheredShards {
        var index = CodeIndex(expected: 4096)
        /// Each posting as added: its code's number, doc and score in one number
        /// (a list per token, appended to one by one, was an allocation and two checks a posting).
        var added: [UInt64] = []

        mutating func add(_ code: UInt64, doc: Int, score: UInt8) {
            added.append(UInt64(index.insert(code).index) << 40 | UInt64(doc) << 8 | UInt64(score))
        }

        /// Each shard these postings fall in, by number, its tokens sorted by code: the same bytes every build.
        /// A token's shard is its text's hash modulo `count`, as search.js finds it.
        /// `numbers`: the shards of this set, each made even if no token falls in it.
        func shards(_ numbers: StrideTo<Int>, count: Int, words: WordTable) -> [(number: Int, postings: ShardPostings)] {
            let codes = index.codes
            let texts = codes.map { SearchTokenizer.text(of: $0, word: words.text(of:)) }
            let shardOf = texts.map { Int(SearchTokenizer.fnv1a($0) % UInt32(count)) }
            // Each code's `[doc, score, …]` from one flat array, grouped by a counting sort (which keeps docs in order).
            let starts = bucketStarts(codes.count, added.lazy.map { Int($0 >> 40) })
            var next = starts
            var flat = [Int](repeating: 0, count: added.count * 2)
            for posting in added {
                let entry = Int(posting >> 40)
                flat[2 * next[entry]] = Int(posting >> 8 & 0xFFFF_FFFF)
                flat[2 * next[entry] + 1] = Int(posting & 0xFF)
                next[entry] += 1
            }
            let byShard = Dictionary(grouping: codes.indices, by: { shardOf[$0] })
            return numbers.map { number in
                let order = (byShard[number] ?? []).sorted { codes[$0] < codes[$1] }
                return (number, ShardPostings(codes: order.map { codes[$0] }, texts: order.map { texts[$0] },
                                              postings: order.map { Array(flat[2 * starts[$0]..<2 * starts[$0 + 1]]) }))
            }
        }
    }

    /// A counting sort's first half: where each bucket's items start once they are placed bucket
    /// by bucket in their order (bucket `b` holds `starts[b]..<starts[b + 1]`).
    static func bucketStarts(_ buckets: Int, _ keys: some Sequence<Int>) -> [Int] {
        var starts = [Int](repeating: 0, count: buckets + 1)
        for key in keys { starts[key + 1] += 1 }
        for b in 0..<buckets { starts[b + 1] += starts[b] }
        return starts
    }
}

/// The token cache's record format (see `CacheWriter`).
extension SearchIndex.DocumentTokens {
    var cached: Data {
        var out = CacheWriter()
        out.string("sitegen-tokens 4")
        out.int(codes.count)
        out.words(codes)
        out.bytes(scores)
        out.halfwords(hashes)
        out.int(words.codes.count)
        out.words(words.codes)
        out.halfwords(words.ends)
        out.bytes(words.bytes)
        return out.finish()
    }

    init?(cached data: Data) {
        var input = CacheReader(data)
        guard input.string(is: "sitegen-tokens 4"), let count = input.int(), count >= 0 else { return nil }
        guard let codes = input.words(count), let scores = input.bytes(count), let hashes = input.halfwords(count),
              let wordCount = input.int(), wordCount >= 0, let wordCodes = input.words(wordCount),
              let ends = input.halfwords(wordCount), let bytes = input.bytes(Int(ends.last ?? 0)),
              let words = SearchIndex.WordTexts(codes: wordCodes, ends: ends, bytes: bytes), input.isAtEnd else { return nil }
        self.init(codes: codes, scores: scores, words: words, hashes: hashes)
    }
}

/// Files handed over from any thread, for a caller that wants them all (`SearchIndex.indexFiles`).
private final class MadeFiles: Sendable {
    private let files = Mutex<[(path: String, contents: String)]>([])

    @Sendable func add(_ path: String, _ contents: String) { files.withLock { $0.append((path, contents)) } }

    /// Sorted by path: the same order whichever thread made which file first.
    var inOrder: [(path: String, contents: String)] { files.withLock { $0 }.sorted { $0.path < $1.path } }
}
