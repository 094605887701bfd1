/// One document's distinct tokens and their scores (see `SearchIndex.tokens`).
///
/// A class over raw buffers rather than a struct of arrays: a body has a thousand tokens or
/// more, every one of them looked up and scored, and each array write checked its bounds and
/// that the array was not shared (3.4 million such checks for 1,000 posts, more than the
/// tokenizing itself). Short-lived: one per document, made and read on one thread.
final class TokenCounts {
    /// How an `add` scores the tokens of its text (see `SearchIndex.tokens`).
    /// (Its raw value marks the tokens it scored, so a tag or title scores a token once.)
    enum Scoring: UInt8 {
        /// One per occurrence, up to 9.
        case occurrences = 1
        /// 10, once however often the tags hold the token.
        case tag
        /// 20, once.
        case title
    }

    private struct Entry {
        var code: UInt64
        /// The token's text's FNV hash (which picks its shard, see `SearchTokenizer.shard`).
        var hash: UInt32
        var score: UInt8
        /// The raw value of the last tag or title `Scoring` that scored this token (0: none).
        var scoredBy: UInt8
    }

    // Unchecked: one thread uses a `TokenCounts`, and the run-time exclusivity checks of a
    // class's properties, one per access from the tokenizer's closure, cost more than the counting.
    @exclusivity(unchecked) private var entries: UnsafeMutablePointer<Entry>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0
    /// Open addressing: an index into `entries` + 1, or 0 for a free slot.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var slotBits: Int
    /// `64 - slotBits` and `2^slotBits - 1`, kept beside it: worked out from `slotBits` at every
    /// probe (a shift checked for overshifting, a subtraction for overflow) they were a fifth of one.
    @exclusivity(unchecked) private var slotShift: UInt64
    @exclusivity(unchecked) private var slotMask: Int
    /// The texts of word codes (a CJK code spells itself).
    @exclusivity(unchecked) private(set) var words = SearchIndex.WordTexts()

    init(expected: Int) {
        capacity = max(expected, 16)
        entries = .allocate(capacity: capacity)
        slotBits = 6
        while 1 << slotBits < capacity * 2 { slotBits += 1 }
        (slotShift, slotMask) = (UInt64(64 - slotBits), (1 << slotBits) - 1)
        slots = .allocate(capacity: 1 << slotBits)
        slots.initialize(repeating: 0, count: 1 << slotBits)
    }

    deinit {
        entries.deallocate()
        slots.deallocate()
    }

    var codes: [UInt64] { (0..<count).map { entries[$0].code } }
    var scores: [UInt8] { (0..<count).map { entries[$0].score } }
    var hashes: [UInt32] { (0..<count).map { entries[$0].hash } }

    /// The counts, in arrays just their size (every document's stay in memory until the index is built).
    var tokens: SearchIndex.DocumentTokens {
        SearchIndex.DocumentTokens(codes: codes, scores: scores, words: words, hashes: hashes)
    }

    /// Tokenizes `text` and scores each token as `scoring` says.
    func add(_ text: String, scoring: Scoring) {
        text.withUTF8Bytes { add(utf8: $0, scoring: scoring) }
    }

    /// The same for text as UTF-8 bytes.
    func add(utf8 text: UnsafeBufferPointer<UInt8>, scoring: Scoring) {
        SearchTokenizer.normalizedBytes(text).withUnsafeBufferPointer { bytes in
            SearchTokenizer.forEachCode(normalized: bytes) { code, range in
                let entry = insert(code, token: bytes, range)
                switch scoring {
                case .occurrences:
                    // At most 9: no overflow. (Not marked as scored: only tags and titles ask.)
                    entries[entry].score = min(entries[entry].score &+ 1, 9)
                case .tag, .title:
                    guard entries[entry].scoredBy != scoring.rawValue else { return }
                    entries[entry].score &+= scoring == .tag ? 10 : 20
                    entries[entry].scoredBy = scoring.rawValue
                }
            }
        }
    }

    /// The entry of `code`, made (score 0) when it is new.
    @inline(__always)
    private func insert(_ code: UInt64, token bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var slot = Self.slot(of: code, shift: slotShift)
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if entries[entry &- 1].code == code { return entry &- 1 }
            slot = (slot &+ 1) & slotMask
        }
        if count == capacity { growEntries() }
        let token = UnsafeBufferPointer(rebasing: bytes[range])
        (entries + count).initialize(to: Entry(code: code, hash: SearchTokenizer.fnv1a(token), score: 0, scoredBy: 0))
        if code & (1 << 63) == 0 { words.append(code, token) }
        count += 1
        slots[slot] = Int32(count)
        if count * 2 > 1 << slotBits { growSlots() }
        return count - 1
    }

    /// The top bits after a multiply by the golden ratio: codes are hashes or packed characters already.
    @inline(__always)
    private static func slot(of code: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    private func growEntries() {
        let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = larger
        capacity *= 2
    }

    private func growSlots() {
        slots.deallocate()
        slotBits += 1
        let size = 1 << slotBits
        (slotShift, slotMask) = (UInt64(64 - slotBits), size - 1)
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        for index in 0..<count {
            var slot = Self.slot(of: entries[index].code, shift: slotShift)
            while slots[slot] != 0 { slot = (slot + 1) & slotMask }
            slots[slot] = Int32(index + 1)
        }
    }
}
