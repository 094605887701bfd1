/// One document's distinct tokens and their scores (see `SearchIndex.tokens`).
struct TokenCounts {
    private var index: CodeIndex
    private(set) var scores: [UInt8] = []
    /// Each code's text's FNV hash (which picks its shard, see `SearchTokenizer.shard`).
    private(set) var hashes: [UInt32] = []
    /// The texts of word codes (a CJK code spells itself).
    private(set) var words: [UInt64: String] = [:]
    /// Which `add` pass last scored each code, so a pass scores a code once.
    private var passes: [UInt8] = []

    init(expected: Int) {
        index = CodeIndex(expected: expected)
    }

    var codes: [UInt64] { index.codes }

    /// The counts, in arrays just their size (every document's stay in memory until the index is built).
    var tokens: SearchIndex.DocumentTokens {
        func exact<T>(_ array: [T]) -> [T] { array.withUnsafeBufferPointer { Array($0) } }
        return SearchIndex.DocumentTokens(codes: exact(codes), scores: exact(scores), words: words, hashes: exact(hashes))
    }

    /// Tokenizes `text` and sets each token's score to `score(old score)`, once per
    /// occurrence; with a `pass` number, once per distinct token.
    mutating func add(_ text: String, pass: UInt8 = 0, score: (UInt8) -> UInt8) {
        var text = text
        text.withUTF8 { add(utf8: $0, pass: pass, score: score) }
    }

    /// The same for text as UTF-8 bytes.
    mutating func add(utf8 text: UnsafeBufferPointer<UInt8>, pass: UInt8 = 0, score: (UInt8) -> UInt8) {
        SearchTokenizer.normalizedBytes(text).withUnsafeBufferPointer { bytes in
            SearchTokenizer.forEachCode(normalized: bytes) { code, range in
                let (i, isNew) = index.insert(code)
                if isNew {
                    let token = UnsafeBufferPointer(rebasing: bytes[range])
                    scores.append(0)
                    passes.append(0)
                    hashes.append(SearchTokenizer.fnv1a(token))
                    if code & (1 << 63) == 0 { words[code] = String(decoding: token, as: UTF8.self) }
                }
                guard pass == 0 || passes[i] != pass else { return }
                passes[i] = pass
                scores[i] = score(scores[i])
            }
        }
    }
}
