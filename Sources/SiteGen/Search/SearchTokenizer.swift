import Foundation

/// Tokens for the search index, by script: words for Latin (and other spaced)
/// text, overlapping character bigrams for Japanese and Chinese runs, so
/// `クラウドソーシング` is found by `ソーシング` and `作業環境` by `作業環境`.
/// Templates/assets/search.js applies exactly the same rules to queries.
public enum SearchTokenizer {
    /// NFKC (full-width Latin → ASCII, half-width katakana → full-width; ゛/゜ stay
    /// distinct: ガ is not カ) and lowercase.
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizedBytes(text), as: UTF8.self)
    }

    /// ！ to ～: NFKC makes each the ASCII character 0xFEE0 below it.
    static let fullWidthASCII: ClosedRange<UInt32> = 0xFF01...0xFF5E

    /// `normalize`, as UTF-8 bytes.
    static func normalizedBytes(_ text: String) -> [UInt8] {
        return text.withUTF8Bytes { normalizedBytes($0) }
    }

    /// Most characters are already NFKC and combine with nothing: runs of them are copied
    /// whole, and ASCII is lowercased at the end. Only runs around the others (full-width ！,
    /// half-width kana, combining marks) go through Foundation's normalizer, which costs far
    /// more than the scan; NFKC of a text is the NFKC of such pieces, joined. Every post's
    /// text passes through here: ASCII is skipped eight bytes at a time.
    static func normalizedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        guard let base = bytes.baseAddress else { return out }
        out.reserveCapacity(bytes.count)
        let count = bytes.count
        var pending = String.UnicodeScalarView()
        // Whether `pending` holds scalars, kept beside it: asking the view, at every character, cost more than the rest of the scan.
        var isPending = false
        var runStart = 0 // the stable bytes not yet copied start here
        func copyRun(to end: Int) {
            guard runStart < end else { return }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
        }
        let classes = scalarClasses.current
        func stable(_ v: UInt32) -> Bool { classes(v) & stableClass != 0 }
        // The scalar at `j` (if any) composes with nothing before it.
        func nextIsInert(after j: Int) -> Bool {
            guard j < count, bytes[j] >= 0x80 else { return true }
            let w = UTF8Scan.scalar(in: bytes, at: j).0
            return stable(w) || fullWidthASCII.contains(w)
        }
        var i = 0
        while i < count {
            if !isPending {
                while i + 8 <= count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                guard i < count else { break }
            }
            let byte = base[i]
            // Lead bytes E4 to E9 start U+4000 to U+9FFF, kanji and signs that are all stable:
            // a third of a Japanese text's characters, passed without decoding or a lookup.
            if !isPending, byte &- 0xE4 < 6 {
                i += 3
                continue
            }
            let (v, length) = byte < 0x80 ? (UInt32(byte), 1) : UTF8Scan.scalar(in: bytes, at: i)
            if byte < 0x80 || stable(v) {
                if isPending {
                    flush(&pending, into: &out)
                    isPending = false
                    runStart = i
                }
            } else if !isPending, fullWidthASCII.contains(v), nextIsInert(after: i + length) {
                // Full-width ASCII (：（）！？１２３, common in Japanese prose): NFKC is the ASCII
                // character itself, written here rather than by Foundation — unless a mark follows,
                // which would compose with it.
                copyRun(to: i)
                out.append(UInt8(v - 0xFEE0))
                runStart = i + length
            } else {
                if !isPending {
                    // The character before may combine with this one (か + ゙): normalize them together.
                    // (It is stable when it is still in the run: anything else moved the run's start past it.)
                    if i > runStart {
                        var previous = i - 1
                        while previous > runStart, base[previous] & 0xC0 == 0x80 { previous -= 1 }
                        copyRun(to: previous)
                        pending.append(contentsOf: String(decoding: UnsafeBufferPointer(start: base + previous, count: i - previous), as: UTF8.self).unicodeScalars)
                    }
                }
                pending.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                isPending = true
                runStart = i + length
            }
            i += length
        }
        if !isPending { copyRun(to: count) } else { flush(&pending, into: &out) }
        lowercaseASCII(&out)
        return out
    }

    /// A-Z to a-z in place, eight bytes at a time (what Foundation normalized is lowercase already).
    static func lowercaseASCII(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            var i = 0
            while i + 8 <= buffer.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // A byte below 0x80 at 65...90: +63 sets its top bit, +37 does not (no carries: top bits cleared first).
                let low = w & ~high
                let upper = (low &+ ones &* 63) & ~(low &+ ones &* 37) & ~w & high
                if upper != 0 { UnsafeMutableRawPointer(base + i).storeBytes(of: w | upper >> 2, as: UInt64.self) }
                i += 8
            }
            while i < buffer.count {
                if buffer[i] &- 65 < 26 { buffer[i] += 32 }
                i += 1
            }
        }
    }

    private static func flush(_ pending: inout String.UnicodeScalarView, into out: inout [UInt8]) {
        out.append(contentsOf: foundationNormalized(String(pending)).utf8)
        pending = String.UnicodeScalarView()
    }

    static func foundationNormalized(_ text: String) -> String {
        // Foundation's NFKC on Linux leaves half-width ﾄﾞ as ト + a combining mark;
        // composing again gives ド, as the browser's normalize("NFKC") does.
        text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// Unchanged by NFKC and lowercasing, and never combining with a neighbour.
    static func isStable(_ v: UInt32) -> Bool {
        scalarClasses.current(v) & stableClass != 0
    }

    static func isStable(_ scalar: Unicode.Scalar) -> Bool { isStable(scalar.value) }

    /// Japanese and Chinese letters: kana, kanji (with 々〆〇), Hangul.
    static func isCJK(_ v: UInt32) -> Bool {
        (0x3040...0x309F).contains(v) || ((0x30A0...0x30FF).contains(v) && v != 0x30FB) || (0x31F0...0x31FF).contains(v)
            || (0x3005...0x3007).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xAC00...0xD7AF).contains(v) || (0x20000...0x2FA1F).contains(v)
    }

    /// Letters, digits and marks of other scripts (the JS side: /[\p{L}\p{N}\p{M}]/u).
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 48 && v <= 57) || (v >= 97 && v <= 122) || (v >= 65 && v <= 90)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    private static let stableClass: UInt8 = 1, cjkClass: UInt8 = 2, wordClass: UInt8 = 4

    /// `isStable`, `isCJK` and `isWord` of one scalar, as bits. Unicode property lookups
    /// cost more than everything else the tokenizer does, so each scalar's are looked up
    /// once, in `scalarClasses`.
    private static func classify(_ v: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(v) else { return 0 }
        var bits: UInt8 = isCJK(v) ? cjkClass : isWord(scalar) ? wordClass : 0
        if isStableUncached(scalar) { bits |= stableClass }
        return bits
    }

    private static let scalarClasses = ScalarTable { classify($0) }

    private static func isStableUncached(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return true }
        let v = scalar.value
        // Kana, the common kanji block and Japanese brackets and stops.
        if (0x3041...0x3096).contains(v) || (0x30A1...0x30FA).contains(v) || v == 0x30FC || (0x4E00...0x9FFF).contains(v)
            || (0x3001...0x3002).contains(v) || (0x300C...0x300F).contains(v) { return true }
        if (0x1100...0x11FF).contains(v) || v == 0x3099 || v == 0x309A { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return !properties.changesWhenNFKCCaseFolded && properties.canonicalCombiningClass == .notReordered
        }
    }

    /// Tokens of already-normalized text, in order (with repeats).
    public static func tokens(normalized text: String) -> [String] {
        return text.withUTF8Bytes { bytes in
            var tokens: [String] = []
            forEachCode(normalized: bytes) { _, range in tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)) }
            return tokens
        }
    }

    public static func tokens(_ text: String) -> [String] { tokens(normalized: normalize(text)) }

    /// The tokens of normalized UTF-8 as numbers, in order, each with the range of its
    /// bytes (a bigram's two characters are next to each other): a CJK bigram or single
    /// character is its scalars packed (top bit set), a word the FNV-1a hash of its bytes.
    /// `text(of:word:)` spells a CJK code out; a word's text is its bytes.
    static func forEachCode(normalized bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64, Range<Int>) -> Void) {
        var previous: UInt32 = 0, previousStart = 0 // the last CJK scalar of the current run
        var runLength = 0
        var wordStart = -1
        func flushCJK(at end: Int) {
            if runLength == 1 { body(1 << 63 | 1 << 62 | UInt64(previous), previousStart..<end) }
            runLength = 0
        }
        func flushWord(at end: Int) {
            guard wordStart >= 0 else { return }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for i in wordStart..<end { hash = (hash ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3 }
            body(hash & ~(1 << 63), wordStart..<end)
            wordStart = -1
        }
        let classes = scalarClasses.current
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                // ASCII, a third of a Japanese post's characters and most of an English one's: a word's
                // letters and digits are passed in a loop of their own, a byte a compare or two.
                if asciiClass(byte) == 0 {
                    flushCJK(at: i)
                    flushWord(at: i)
                    i += 1
                    continue
                }
                flushCJK(at: i)
                if wordStart < 0 { wordStart = i }
                i += 1
                while i < bytes.count, asciiClass(bytes[i]) != 0 { i += 1 }
                continue
            }
            let (v, length) = UTF8Scan.scalar(in: bytes, at: i)
            let bits = classes(v)
            if bits & cjkClass != 0 {
                flushWord(at: i)
                if runLength > 0 { body(1 << 63 | UInt64(previous) << 21 | UInt64(v), previousStart..<i + length) }
                previous = v
                previousStart = i
                runLength += 1
            } else if bits & wordClass != 0 {
                flushCJK(at: i)
                if wordStart < 0 { wordStart = i }
            } else {
                flushCJK(at: i)
                flushWord(at: i)
            }
            i += length
        }
        flushCJK(at: i)
        flushWord(at: i)
    }

    /// Digits and letters.
    @inline(__always) private static func asciiClass(_ byte: UInt8) -> UInt8 {
        byte &- 48 < 10 || UTF8Scan.isASCIILetter(byte) ? wordClass : 0
    }

    /// The text of a token code (`word` looks up the words').
    static func text(of code: UInt64, word: (UInt64) -> String?) -> String {
        guard code & (1 << 63) != 0 else { return word(code) ?? "" }
        var scalars = String.UnicodeScalarView()
        if code & (1 << 62) != 0 {
            scalars.append(Unicode.Scalar(UInt32(code & 0x1F_FFFF))!)
        } else {
            scalars.append(Unicode.Scalar(UInt32(code >> 21 & 0x1F_FFFF))!)
            scalars.append(Unicode.Scalar(UInt32(code & 0x1F_FFFF))!)
        }
        return String(scalars)
    }

    /// FNV-1a over UTF-8: which shard a token lives in (search.js computes the same).
    public static func shard(of token: String, shards: Int) -> Int {
        Int(fnv1a(token) % UInt32(max(shards, 1)))
    }

    static func fnv1a(_ token: String) -> UInt32 { fnv1a(token.utf8) }

    static func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
