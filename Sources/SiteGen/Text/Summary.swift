/// Summaries for cards, meta descriptions and feeds. Japanese text is cut by
/// characters (about 120), at a sentence end (。！？) where one is near; English
/// by words (about 50). Counting words in Japanese would make a whole article
/// one "word" (Hugo #1377).
public enum Summary {
    public static let cjkLimit = 120
    public static let wordLimit = 50

    public static func make(_ text: String) -> String {
        return text.withUTF8Bytes { make(utf8: $0) }
    }

    /// The same from UTF-8 (a rendered body's text is bytes: only its opening becomes a `String`).
    static func make(utf8 text: UnsafeBufferPointer<UInt8>) -> String {
        let text = collapsedOpening(text)
        return isMostlyCJK(text) ? cutCJK(text) : cutWords(text)
    }

    /// Bytes of a text's opening that almost always hold a summary's worth of it.
    static let openingBytes = 2_048

    /// The first `bytes` of `text`, or a few more so as not to cut a character's bytes apart.
    static func opening(of text: UnsafeBufferPointer<UInt8>, bytes: Int) -> UnsafeBufferPointer<UInt8> {
        var end = min(bytes, text.count)
        while end < text.count, UTF8.isContinuation(text[end]) { end += 1 }
        return UnsafeBufferPointer(rebasing: text[..<end])
    }

    /// `collapseWhitespace(text)`, or of its opening when that already decides the summary:
    /// the collapsed opening is the start of the collapsed whole, and the rules below read
    /// no further than 300 scalars, 121 characters or 51 words (one more of each, so
    /// nothing they read was cut short). Collapsing a whole post only for its summary was
    /// most of the summary's cost.
    static func collapsedOpening(_ text: UnsafeBufferPointer<UInt8>) -> String {
        func whole() -> String { collapseWhitespace(String(decoding: text, as: UTF8.self)) }
        guard text.count > openingBytes * 2 else { return whole() }
        let opening = collapseWhitespace(String(decoding: Self.opening(of: text, bytes: openingBytes), as: UTF8.self))
        guard opening.unicodeScalars.count > 301, opening.count > cjkLimit + 1,
              opening.split(separator: " ").count > wordLimit + 1 else { return whole() }
        return opening
    }

    /// Decides by the opening of the text, where a summary comes from.
    static func isMostlyCJK(_ text: String) -> Bool {
        text.withUTF8Bytes { isMostlyCJK(utf8: $0) }
    }

    /// The same over valid UTF-8: the first `scalars` scalars (300: the opening), CJK letters
    /// against other letters.
    static func isMostlyCJK(utf8 bytes: UnsafeBufferPointer<UInt8>, scalars: Int = 300) -> Bool {
        var cjk = 0
        var latin = 0
        var read = 0, i = 0
        while i < bytes.count, read < scalars {
            read += 1
            let (value, length) = UTF8Scan.scalar(in: bytes, at: i)
            i += length
            if value < 0x80 { // the alphabetic ones are A–Z and a–z: no property lookup
                if UTF8Scan.isASCIILetter(value) { latin += 1 }
            } else if let scalar = Unicode.Scalar(value) {
                if Script.isCJKLetter(scalar) { cjk += 1 } else if Script.isAlphabetic(scalar) { latin += 1 }
            }
        }
        // A latin word is several letters long, a Japanese word one to three characters.
        return cjk > 0 && cjk * 3 >= latin
    }

    static func cutCJK(_ text: String) -> String {
        guard text.count > cjkLimit else { return text }
        let window = text.prefix(cjkLimit)
        let enders: Set<Character> = ["。", "！", "？", "!", "?", "」"]
        if let end = window.lastIndex(where: { enders.contains($0) }),
           window.distance(from: window.startIndex, to: end) >= cjkLimit / 3 {
            var cut = String(window[...end])
            // "「…。」" ends at the bracket, but a lone "」" after no sentence end is not an end.
            if cut.last == "」", let before = cut.dropLast().last, !"。！？!?".contains(before) {
                cut = String(window.prefix(cjkLimit - 1)) + "…"
            }
            return cut
        }
        return String(window.prefix(cjkLimit - 1)) + "…"
    }

    static func cutWords(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count > wordLimit else { return text }
        let window = words.prefix(wordLimit)
        if let end = window.lastIndex(where: { $0.hasSuffix(".") || $0.hasSuffix("!") || $0.hasSuffix("?") }),
           end >= wordLimit / 3 {
            return window[...end].joined(separator: " ")
        }
        return window.joined(separator: " ") + "…"
    }

    /// Runs of whitespace (`Character.isWhitespace`) as one space, none at the ends.
    static func collapseWhitespace(_ text: String) -> String {
        // Scalar by scalar over the bytes; only a mark right after a space (which joins it
        // into one Character) needs the Character rules.
        let fast = text.withUTF8Bytes { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var (pendingSpace, afterSpace) = (false, false)
            var i = 0
            while i < bytes.count {
                let (v, length) = UTF8Scan.scalar(in: bytes, at: i)
                if isWhiteSpace(v) {
                    pendingSpace = !out.isEmpty
                    afterSpace = true
                } else {
                    if afterSpace && v >= 0x300 && !startsCharacter(v) { return nil }
                    if pendingSpace { out.append(UInt8(ascii: " ")) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + length]))
                    (pendingSpace, afterSpace) = (false, false)
                }
                i += length
            }
            return String(decoding: out, as: UTF8.self)
        }
        return fast ?? text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Kana, kanji and Japanese punctuation, which never join the character before
    /// (the dakuten U+3099/U+309A, which do, are outside these ranges).
    private static func startsCharacter(_ v: UInt32) -> Bool {
        (0x3001...0x3029).contains(v) || (0x3041...0x3096).contains(v) || (0x30A0...0x30FF).contains(v) || (0x4E00...0x9FFF).contains(v)
    }

    /// Unicode's White_Space property (a fixed list).
    private static func isWhiteSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return v == 0x85 || v == 0xA0 || v == 0x1680 || (0x2000...0x200A).contains(v) || v == 0x2028 || v == 0x2029
            || v == 0x202F || v == 0x205F || v == 0x3000
    }
}
