import Foundation

/// One shard of the search index as postings: its tokens (by code, ascending), their
/// texts, and for each the `[doc, score, doc, score, …]` list, docs ascending. Kept
/// between builds (`SearchIndexCache`), so an edit rebuilds only the shards holding a
/// token the edited post had or has.
struct ShardPostings: Equatable {
    var codes: [UInt64] = []
    var texts: [String] = []
    var postings: [[Int]] = []

    /// The shard's file: `{"token":postings,…}` in code order (see `SearchIndex.postingsJSON`).
    func json(documents: Int) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for k in codes.indices {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            Escape.appendJSONString(texts[k], to: &out)
            out.append(UInt8(ascii: ":"))
            SearchIndex.appendPostingsJSON(postings[k], documents: documents, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Takes `doc` out of the lists of `codes`; a list left empty goes with its token.
    mutating func remove(doc: Int, codes removed: [UInt64]) {
        for code in removed {
            guard let entry = find(code) else { continue }
            let list = postings[entry]
            var i = 0
            while i < list.count, list[i] < doc { i += 2 }
            guard i < list.count, list[i] == doc else { continue }
            postings[entry].removeSubrange(i..<(i + 2))
            if postings[entry].isEmpty {
                self.codes.remove(at: entry)
                texts.remove(at: entry)
                postings.remove(at: entry)
            }
        }
    }

    /// Puts `doc` into the lists of its tokens, in doc order; a new token gets its text.
    mutating func add(doc: Int, tokens: [(code: UInt64, score: Int, text: String)]) {
        for token in tokens {
            let entry = position(token.code)
            if entry == codes.count || codes[entry] != token.code {
                codes.insert(token.code, at: entry)
                texts.insert(token.text, at: entry)
                postings.insert([], at: entry)
            }
            var i = 0
            let list = postings[entry]
            while i < list.count, list[i] < doc { i += 2 }
            postings[entry].insert(contentsOf: [doc, token.score], at: i)
        }
    }

    private func find(_ code: UInt64) -> Int? {
        let entry = position(code)
        return entry < codes.count && codes[entry] == code ? entry : nil
    }

    /// Where `code` is, or would go (codes are ascending).
    private func position(_ code: UInt64) -> Int {
        var low = 0, high = codes.count
        while low < high {
            let mid = (low + high) / 2
            if codes[mid] < code { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// The record format: codes, texts, then each list as 32-bit docs and 8-bit scores.
extension ShardPostings {
    var cached: Data {
        var out = CacheWriter()
        out.string("sitegen-shard 1")
        out.int(codes.count)
        out.words(codes)
        for text in texts { out.string(text) }
        for list in postings {
            out.int(list.count / 2)
            out.raw(list.count / 2 * 5) { bytes in
                for pair in 0..<list.count / 2 {
                    bytes.storeBytes(of: UInt32(list[2 * pair]).littleEndian, toByteOffset: pair * 5, as: UInt32.self)
                    bytes[pair * 5 + 4] = UInt8(min(list[2 * pair + 1], 255))
                }
            }
        }
        return out.finish()
    }

    init?(cached data: Data) {
        var input = CacheReader(data)
        guard input.string(is: "sitegen-shard 1"), let count = input.int(), count >= 0, let codes = input.words(count) else { return nil }
        var texts: [String] = []
        for _ in 0..<count {
            guard let text = input.string() else { return nil }
            texts.append(text)
        }
        var postings: [[Int]] = []
        for _ in 0..<count {
            guard let pairs = input.int(), pairs >= 0, pairs <= Int.max / 5, let bytes = input.bytes(pairs * 5) else { return nil }
            var list: [Int] = []
            list.reserveCapacity(pairs * 2)
            for p in 0..<pairs {
                let o = p * 5
                list.append(Int(UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24))
                list.append(Int(bytes[o + 4]))
            }
            postings.append(list)
        }
        guard input.isAtEnd else { return nil }
        self.init(codes: codes, texts: texts, postings: postings)
    }
}

/// What the last build's search index was made of (`.sitegen-cache/…/search.state`, and
/// each shard's postings in `shards.pack`), for `SearchIndex.updatedIndex`.
final class SearchIndexCache: @unchecked Sendable { // mutable state only under `lock`
    struct State {
        var shards: Int
        var documentKeys: [UInt64]
        var tokenCounts: [Int]
        /// Each shard's record in the pack.
        var shardKeys: [UInt64]
    }

    let shards: RecordPack<ShardPostings>
    private let stateFile: URL?
    private let io: FileIO
    /// The last build's state (nil: none, or a clean build).
    let previous: State?
    private let lock = NSLock()
    private var next: State?

    init(folder: URL?, readsStored: Bool = true, warm: WarmCaches? = nil, repairs: CacheRepairs? = nil, io: FileIO = .disk) {
        self.io = io
        stateFile = folder?.appendingPathComponent("search.state")
        // Spilled: a clean build of 50,000 posts makes 80 MB of them.
        shards = RecordPack(file: folder?.appendingPathComponent("shards.pack"), header: "sitegen-shard-pack 1",
                            readsStored: readsStored, encodesAtOnce: true, spills: true, warm: warm, repairs: repairs, io: io, encode: \.cached, decode: { ShardPostings(cached: $0.head) })
        previous = readsStored ? stateFile.flatMap { CacheFile.read($0.path, repairs: repairs, io: io) }.flatMap(Self.parse) : nil
    }

    /// Keeps a shard's postings for the next build (in the scratch file until saved); its record's key.
    func store(_ shard: ShardPostings) -> UInt64 {
        let data = shard.cached
        let key = data.withUnsafeBytes { bytes in
            var hasher = StableHasher()
            hasher.combine(bytes)
            return hasher.value
        }
        shards.put(key, encoded: data)
        return key
    }

    /// This build's index, to be saved with the caches: each shard's record (nil: a shard
    /// an update left as it was, the last build's), each post's key and number of tokens.
    func record(shardKeys: [UInt64?], keys: [UInt64], tokenCounts: [Int]) {
        let kept = shardKeys.enumerated().map { number, key in key ?? previous!.shardKeys[number] }
        shards.keep(kept)
        lock.withLock { next = State(shards: kept.count, documentKeys: keys, tokenCounts: tokenCounts, shardKeys: kept) }
    }

    func save() {
        shards.save()
        guard let stateFile else { return }
        guard let state = lock.withLock({ next }) else {
            _ = io.remove(stateFile.path) // no index this time: the next build makes it whole
            return
        }
        var out = CacheWriter()
        out.string("sitegen-search-state 1 \(SitegenVersion.build)")
        out.int(state.shards)
        out.int(state.documentKeys.count)
        out.words(state.documentKeys)
        out.words(state.tokenCounts.map { UInt64($0) })
        out.words(state.shardKeys)
        CacheFile.write(out.finish(), to: stateFile.path, io: io)
    }

    static func parse(_ data: Data) -> State? {
        var input = CacheReader(data)
        guard input.string(is: "sitegen-search-state 1 \(SitegenVersion.build)"), let shards = input.int(), shards > 0,
              let count = input.int(), count >= 0, let keys = input.words(count), let counts = input.words(count),
              let shardKeys = input.words(shards), input.isAtEnd else { return nil }
        let tokenCounts = counts.compactMap { Int(exactly: $0) }
        guard tokenCounts.count == counts.count else { return nil }
        return State(shards: shards, documentKeys: keys, tokenCounts: tokenCounts, shardKeys: shardKeys)
    }
}

extension SearchIndex {
    /// The index after a few posts changed, made from the last build's (`cache.previous`)
    /// by taking each changed post's old tokens out of the shards they were in and putting
    /// its new ones in: only those shards are read, changed and written again. Nil when
    /// that does not apply (posts added, removed or reordered, a new shard count, many
    /// changes, a record missing): the caller builds the whole index.
    /// Returns the changed shards' files and numbers, each shard's postings (nil: unchanged),
    /// for the caller to `store` if it takes the update, and each post's number of tokens.
    static func updatedIndex(_ documents: [Document], keys: [UInt64], tokens: RecordPack<DocumentTokens>, cache: SearchIndexCache)
        -> (files: [(path: String, contents: String)], changed: Set<Int>, shards: [ShardPostings?], tokenCounts: [Int])? {
        updatedIndex(count: documents.count, document: { documents[$0] }, keys: keys, tokens: tokens, cache: cache)
    }

    /// The same for `count` documents, each made by `document` only if its key changed.
    static func updatedIndex(count: Int, document: (Int) -> Document, keys: [UInt64], tokens: RecordPack<DocumentTokens>, cache: SearchIndexCache)
        -> (files: [(path: String, contents: String)], changed: Set<Int>, shards: [ShardPostings?], tokenCounts: [Int])? {
        guard let state = cache.previous, state.documentKeys.count == count, state.shardKeys.count == state.shards else { return nil }
        let changed = (0..<count).filter { keys[$0] != state.documentKeys[$0] }
        guard changed.count <= max(1, count / 16) else { return nil }
        var counts = state.tokenCounts
        var edits: [(doc: Int, old: DocumentTokens, new: DocumentTokens)] = []
        for doc in changed {
            guard let old = tokens.stored(state.documentKeys[doc]) else { return nil }
            let new = tokens.value(for: keys[doc]) { Self.tokens(document(doc)) }
            counts[doc] = new.codes.count
            edits.append((doc, old, new))
        }
        let shards = state.shards
        guard shardCount(tokens: counts.reduce(0, +)) == shards else { return nil }
        @Sendable func shardOf(_ hash: UInt32) -> Int { Int(hash % UInt32(shards)) }
        // Only the tokens an edit added, removed or scored differently change postings, and only
        // their shards change (a post has a token in nearly every shard; an edit changes a few).
        let changes = edits.map { edit in (edit, difference(edit.old, edit.new)) }
        var touched = Set<Int>()
        for (edit, change) in changes {
            for i in change.removed { touched.insert(shardOf(edit.old.hashes[i])) }
            for i in change.added { touched.insert(shardOf(edit.new.hashes[i])) }
        }
        let numbers = touched.sorted()
        let updated = Parallel.map(numbers) { number -> ShardPostings? in
            guard var shard = cache.shards.stored(state.shardKeys[number]) else { return nil }
            for (edit, change) in changes {
                shard.remove(doc: edit.doc, codes: change.removed.filter { shardOf(edit.old.hashes[$0]) == number }.map { edit.old.codes[$0] })
            }
            for (edit, change) in changes {
                let new = edit.new
                shard.add(doc: edit.doc, tokens: change.added.filter { shardOf(new.hashes[$0]) == number }.map {
                    (new.codes[$0], Int(new.scores[$0]), SearchTokenizer.text(of: new.codes[$0], word: new.words.text(of:)))
                })
            }
            return shard
        }
        guard !updated.contains(where: { $0 == nil }) else { return nil }
        var postings = [ShardPostings?](repeating: nil, count: shards)
        for (offset, number) in numbers.enumerated() { postings[number] = updated[offset] }
        let files = Parallel.map(Array(numbers.indices)) { shardFile(numbers[$0], updated[$0]!, documents: count) }
        return (files + [indexFile(shards: shards, documents: count)], Set(numbers), postings, counts)
    }

    /// What an edit changes in a post's postings: the old tokens to take out (gone, or
    /// scored differently now) and the new ones to put in (new, or scored differently),
    /// as indices into `old` and `new`.
    static func difference(_ old: DocumentTokens, _ new: DocumentTokens) -> (removed: [Int], added: [Int]) {
        var oldScores: [UInt64: UInt8] = [:]
        oldScores.reserveCapacity(old.codes.count)
        for (i, code) in old.codes.enumerated() { oldScores[code] = old.scores[i] }
        var kept = Set<UInt64>()
        var added: [Int] = []
        for (i, code) in new.codes.enumerated() {
            if oldScores[code] == new.scores[i] { kept.insert(code) } else { added.append(i) }
        }
        let removed = old.codes.indices.filter { !kept.contains(old.codes[$0]) }
        return (removed, added)
    }
}
