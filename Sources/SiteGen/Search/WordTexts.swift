extension SearchIndex {
    /// The texts of one document's word tokens (a CJK token's code spells it): their bytes
    /// end to end. A `String` and a dictionary entry per word cost more than tokenizing.
    struct WordTexts: Sendable, Equatable {
        private(set) var codes: [UInt64] = []
        /// Where each text ends in `bytes`.
        private(set) var ends: [UInt32] = []
        private(set) var bytes: [UInt8] = []

        init() {}

        init?(codes: [UInt64], ends: [UInt32], bytes: [UInt8]) {
            guard ends.count == codes.count, zip(ends, ends.dropFirst()).allSatisfy({ $0 <= $1 }),
                  (ends.last.map { Int($0) } ?? 0) == bytes.count else { return nil }
            (self.codes, self.ends, self.bytes) = (codes, ends, bytes)
        }

        mutating func append(_ code: UInt64, _ text: UnsafeBufferPointer<UInt8>) {
            codes.append(code)
            bytes.append(contentsOf: text)
            ends.append(UInt32(bytes.count))
        }

        /// The text of the `index`th word.
        func text(at index: Int) -> String {
            let start = index == 0 ? 0 : Int(ends[index - 1])
            return String(decoding: bytes[start..<Int(ends[index])], as: UTF8.self)
        }

        /// The text of `code`'s word, if it is one of these.
        func text(of code: UInt64) -> String? { codes.firstIndex(of: code).map(text(at:)) }
    }

    /// Word texts by code, each word once, for many documents (the index's words).
    struct WordTable: Sendable {
        private var index = CodeIndex(expected: 1024)
        private var texts: [String] = []

        /// Adds the words not here yet: only those are made `String`s.
        mutating func add(_ words: WordTexts) {
            for i in words.codes.indices where index.insert(words.codes[i]).isNew {
                texts.append(words.text(at: i))
            }
        }

        mutating func add(_ other: WordTable) {
            for (i, code) in other.index.codes.enumerated() where index.insert(code).isNew {
                texts.append(other.texts[i])
            }
        }

        func text(of code: UInt64) -> String? { index.find(code).map { texts[$0] } }
    }
}
