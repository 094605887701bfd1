import Foundation

/// Tokens for the search index, by script: words for Latin (and other spaced)
/// text, overlapping character bigrams for Japanese and Chinese runs, so
/// `クラウドソーシング` is found by `ソーシング` and `作業環境` by `作業環境`.
/// Templates/assets/search.js applies exactly the same rules to queries.
public enum SearchTokenizer {
    /// NFKC (full-width Latin → ASCII, half-width katakana → full-width; ゛/゜ stay
    /// distinct: ガ is not カ) and lowercase.
    public static func normalize(_ text: String) -> String {
        // Most characters are already NFKC and combine with nothing: they are copied
        // (ASCII lowercased). Only runs around the others (full-width ！, half-width
        // kana, combining marks) go through Foundation's normalizer, which costs far
        // more than the scan; NFKC of a text is the NFKC of such pieces, joined.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pending = String.UnicodeScalarView()
        var lastStart = 0 // where the last copied scalar starts in `out`
        for scalar in text.unicodeScalars {
            if isStable(scalar) {
                if !pending.isEmpty {
                    out.append(contentsOf: foundationNormalized(String(pending)).utf8)
                    pending = String.UnicodeScalarView()
                }
                lastStart = out.count
                if scalar.value >= 65 && scalar.value <= 90 {
                    out.append(UInt8(scalar.value + 32))
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            } else {
                // The character before may combine with this one (か + ゙): normalize them together.
                if pending.isEmpty && lastStart < out.count {
                    pending.append(contentsOf: String(decoding: out[lastStart...], as: UTF8.self).unicodeScalars)
                    out.removeSubrange(lastStart...)
                }
                pending.append(scalar)
            }
        }
        if !pending.isEmpty { out.append(contentsOf: foundationNormalized(String(pending)).utf8) }
        return String(decoding: out, as: UTF8.self)
    }

    static func foundationNormalized(_ text: String) -> String {
        // Foundation's NFKC on Linux leaves half-width ﾄﾞ as ト + a combining mark;
        // composing again gives ド, as the browser's normalize("NFKC") does.
        text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// Unchanged by NFKC and lowercasing, and never combining with a neighbour.
    static func isStable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return true }
        let v = scalar.value
        // Kana, the common kanji block and Japanese brackets and stops: stable, and most of the text.
        if (0x3041...0x3096).contains(v) || (0x30A1...0x30FA).contains(v) || v == 0x30FC || (0x4E00...0x9FFF).contains(v)
            || (0x3001...0x3002).contains(v) || (0x300C...0x300F).contains(v) { return true }
        if (0x1100...0x11FF).contains(v) || v == 0x3099 || v == 0x309A { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return !properties.changesWhenNFKCCaseFolded && properties.canonicalCombiningClass == .notReordered
        }
    }

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

    /// Tokens of already-normalized text, in order (with repeats).
    public static func tokens(normalized text: String) -> [String] {
        var words: [UInt64: String] = [:]
        var codes: [UInt64] = []
        forEachCode(normalized: text, words: &words) { codes.append($0) }
        return codes.map { Self.text(of: $0, words: words) }
    }

    public static func tokens(_ text: String) -> [String] { tokens(normalized: normalize(text)) }

    /// The tokens as numbers, for building the index without a string per token: a CJK
    /// bigram or single character is its scalars packed (top bit set), a word is a hash
    /// of it, and `words` learns its text. `tokens(normalized:)` spells them out.
    static func forEachCode(normalized text: String, words: inout [UInt64: String], _ body: (UInt64) -> Void) {
        var previous: UInt32? = nil // the last CJK scalar of the current run
        var runLength = 0
        var word = String.UnicodeScalarView()
        func flushCJK() {
            if runLength == 1, let single = previous { body(1 << 63 | 1 << 62 | UInt64(single)) }
            previous = nil
            runLength = 0
        }
        func flushWord() {
            guard !word.isEmpty else { return }
            let text = String(word)
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            let code = hash & ~(1 << 63)
            if words[code] == nil { words[code] = text }
            body(code)
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if isCJK(v) {
                flushWord()
                if let last = previous { body(1 << 63 | UInt64(last) << 21 | UInt64(v)) }
                previous = v
                runLength += 1
            } else if isWord(scalar) {
                flushCJK()
                word.append(scalar)
            } else {
                flushCJK()
                flushWord()
            }
        }
        flushCJK()
        flushWord()
    }

    /// The text of a token code (`words` holds the words').
    static func text(of code: UInt64, words: [UInt64: String]) -> String {
        guard code & (1 << 63) != 0 else { return words[code] ?? "" }
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

    static func fnv1a(_ token: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in token.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
