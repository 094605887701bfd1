/// Reading time that counts each script at its own speed: Japanese (and other
/// CJK) by characters at about 500 a minute, other text by words at about 200.
/// A post that mixes both gets both counted, instead of one kanji switching the
/// whole post to CJK speed (a bug Hugo had).
public struct ReadingTime: Sendable, Equatable {
    public static let cjkCharactersPerMinute = 500.0
    public static let wordsPerMinute = 200.0

    public var cjkCharacters: Int
    public var words: Int

    init(cjkCharacters: Int, words: Int) {
        self.cjkCharacters = cjkCharacters
        self.words = words
    }

    public init(_ text: String) {
        self.init(cjkCharacters: 0, words: 0)
        add(text)
    }

    /// Counts `pieces` as if joined by spaces.
    init(_ pieces: [String]) {
        self.init(cjkCharacters: 0, words: 0)
        for piece in pieces { add(piece) }
    }

    /// Counts `text` too, as if after a space.
    private mutating func add(_ text: String) {
        text.withUTF8Bytes { add(utf8: $0) }
    }

    /// Scans the UTF-8 bytes (decoding scalars by hand: `unicodeScalars` cost several times more).
    mutating func add(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var (cjk, words, inWord) = (0, 0, false)
        let kinds = Self.kinds.current
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                // ASCII first, without decoding or lookups (most of English text, all of its spaces):
                // a letter (its lowercase form from a to z) or a digit, tested with one compare each.
                i += 1
                if UTF8Scan.isASCIILetter(byte) || byte &- 0x30 < 10 {
                    if !inWord { words += 1 }
                    inWord = true
                } else if byte != 0x27 && byte != 0x2D { // ' and - keep a word going
                    inWord = false
                }
                continue
            }
            let (value, length) = UTF8Scan.scalar(in: bytes, at: i)
            i += length
            switch Kind(rawValue: kinds(value))! {
            case .cjkLetter:
                cjk += 1
                inWord = false
            case .cjkOther:
                inWord = false
            case .letter:
                if !inWord { words += 1 }
                inWord = true
            case .apostrophe:
                continue // don't, well-known: one word each
            case .other:
                inWord = false
            }
        }
        cjkCharacters += cjk
        self.words += words
    }

    /// What a scalar counts as (non-ASCII; ASCII is decided in the loop).
    private enum Kind: UInt8 { case cjkLetter, cjkOther, letter, apostrophe, other }

    private static func kind(of value: UInt32) -> Kind {
        guard let scalar = Unicode.Scalar(value) else { return .other }
        if Script.isCJK(scalar) { return Script.isCJKLetter(scalar) ? .cjkLetter : .cjkOther }
        if scalar.properties.isAlphabetic { return .letter }
        return scalar == "’" ? .apostrophe : .other
    }

    /// `kind(of:)` of each scalar, looked up once: the range tests and Unicode property
    /// lookups per character were most of counting a post.
    private static let kinds = ScalarTable { kind(of: $0).rawValue }

    /// Whole minutes, at least one.
    public var minutes: Int {
        let exact = Double(cjkCharacters) / Self.cjkCharactersPerMinute + Double(words) / Self.wordsPerMinute
        return max(1, Int(exact.rounded()))
    }
}
