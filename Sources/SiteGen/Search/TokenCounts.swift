/// One document's distinct tokens and their scores, counted in a table of its own:
/// Swift's `Dictionary` hashes every key with SipHash, and a post's few thousand
/// bigrams went through one several times over (a third of a clean build's search step).
struct TokenCounts {
    private(set) var codes: [UInt64] = []
    private(set) var scores: [UInt8] = []
    /// Each code's text's FNV hash (which picks its shard, see `SearchTokenizer.shard`).
    private(set) var hashes: [UInt32] = []
    /// The texts of word codes (a CJK code spells itself).
    private(set) var words: [UInt64: String] = [:]
    /// Which `add` pass last scored each code, so a pass scores a code once.
    private var passes: [UInt8] = []
    /// Open addressing: an index into `codes` + 1, or 0 for a free slot.
    private var slots: [Int32]
    private var shift: UInt64

    init(expected: Int) {
        var bits = 6
        while 1 << bits < expected * 2 { bits += 1 }
        slots = Array(repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
        codes.reserveCapacity(expected)
        scores.reserveCapacity(expected)
        hashes.reserveCapacity(expected)
        passes.reserveCapacity(expected)
    }

    /// Tokenizes `text` and sets each token's score to `score(old score)`, once per
    /// occurrence; with a `pass` number, once per distinct token.
    mutating func add(_ text: String, pass: UInt8 = 0, score: (UInt8) -> UInt8) {
        SearchTokenizer.normalizedBytes(text).withUnsafeBufferPointer { bytes in
            SearchTokenizer.forEachCode(normalized: bytes) { code, range in
                let index = self.index(of: code, text: bytes, range)
                guard pass == 0 || passes[index] != pass else { return }
                passes[index] = pass
                scores[index] = score(scores[index])
            }
        }
    }

    /// Where `code` is in `codes`, adding it (score 0) if it is new.
    private mutating func index(of code: UInt64, text bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if codes[entry - 1] == code { return entry - 1 }
            slot = (slot + 1) & mask
        }
        let token = UnsafeBufferPointer(rebasing: bytes[range])
        codes.append(code)
        scores.append(0)
        passes.append(0)
        hashes.append(SearchTokenizer.fnv1a(token))
        if code & (1 << 63) == 0 { words[code] = String(decoding: token, as: UTF8.self) }
        slots[slot] = Int32(codes.count)
        if codes.count * 2 > slots.count { grow() }
        return codes.count - 1
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for (index, code) in codes.enumerated() {
            var slot = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
