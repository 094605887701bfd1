import Foundation

/// Tokens for the search index, by script: words for Latin (and other spaced)
/// text, overlapping character bigrams for Japanese and Chinese runs, so
/// `クラウドソーシング` is found by `ソーシング` and `作業環境` by `作業環境`.
/// Templates/assets/search.js applies exactly the same rules to queries.
public enum SearchTokenizer {
    /// NFKC (full-width Latin → ASCII, half-width katakana → full-width; ゛/゜ stay
    /// distinct: ガ is not カ) and lowercase.
    public static func normalize(_ text: String) -> String {
        if let fast = normalizedWithoutFoundation(text) { return fast }
        // Foundation's NFKC on Linux leaves half-width ﾄﾞ as ト + a combining mark;
        // composing again gives ド, as the browser's normalize("NFKC") does.
        return text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// Most text is already NFKC: ASCII (lowercased here) and characters that neither
    /// change under NFKC case folding nor combine with their neighbours. For such text
    /// the answer is known without Foundation's normalizer, which costs far more than
    /// the scan. Returns nil when the slow path is needed.
    static func normalizedWithoutFoundation(_ text: String) -> String? {
        for scalar in text.unicodeScalars where scalar.value >= 0x80 {
            let properties = scalar.properties
            if properties.changesWhenNFKCCaseFolded || properties.canonicalCombiningClass != .notReordered
                || (0x1100...0x11FF).contains(scalar.value) || scalar.value == 0x3099 || scalar.value == 0x309A {
                return nil
            }
        }
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] >= 65 && bytes[i] <= 90 { bytes[i] += 32 }
        return String(decoding: bytes, as: UTF8.self)
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
        var tokens: [String] = []
        var cjk: [Unicode.Scalar] = []
        var word = String.UnicodeScalarView()
        func flushCJK() {
            if cjk.count == 1 { tokens.append(String(Character(cjk[0]))) }
            if cjk.count > 1 {
                for i in 0..<(cjk.count - 1) {
                    var pair = String.UnicodeScalarView()
                    pair.append(cjk[i]); pair.append(cjk[i + 1])
                    tokens.append(String(pair))
                }
            }
            cjk.removeAll()
        }
        func flushWord() {
            if !word.isEmpty { tokens.append(String(word)) }
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if isCJK(scalar.value) {
                flushWord()
                cjk.append(scalar)
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
        return tokens
    }

    public static func tokens(_ text: String) -> [String] { tokens(normalized: normalize(text)) }

    /// FNV-1a over UTF-8: which shard a token lives in (search.js computes the same).
    public static func shard(of token: String, shards: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in token.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(max(shards, 1)))
    }
}
