import Foundation

/// Slugs for URLs and heading ids. Letters and digits of every script are kept
/// (a Japanese tag stays Japanese in its URL); separators and punctuation become
/// single hyphens. Never transliterates: "初めての案件" is not "chu-meteno…".
public enum Slug {
    /// A slug becomes a folder name; file systems allow 255 bytes, and Japanese takes
    /// three bytes a character. Longer slugs are cut at a character boundary.
    public static let maxBytes = 180

    public static func make(_ text: String) -> String {
        makeASCII(text) ?? makeUnicode(text)
    }

    static func makeUnicode(_ text: String) -> String {
        makePlain(text) ?? makeByCharacters(text)
    }

    /// `makeByCharacters` for text of ASCII, kana, kanji, Japanese punctuation and full-width
    /// forms only (nil for any other text), scalar by scalar: each of those scalars is a character
    /// on its own and already composed, so the same rules need no normalizing and no grapheme
    /// breaking (a heading's id cost more than rendering the heading). What each scalar is
    /// (kept, a mark, a separator) is looked up, not asked of its Unicode properties each time.
    static func makePlain(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            guard let kind = plainKind(scalar.value) else { return nil }
            switch kind {
            case .kept:
                if pendingHyphen && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                append(scalar.lowercasedASCII, to: &out)
            case .mark where !out.isEmpty:
                append(scalar, to: &out) // as a combining mark that came apart from its base
            case .mark, .separator:
                pendingHyphen = true
            }
        }
        return capped(String(decoding: out, as: UTF8.self))
    }

    /// What the slug rules make of a scalar: kept (a letter, digit or `_`), a diacritic or
    /// combining mark (kept after something else), or a separator.
    enum PlainKind: UInt8 { case kept, mark, separator }

    static func kind(of scalar: Unicode.Scalar) -> PlainKind {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil || scalar == "_" { return .kept }
        if properties.isDiacritic || properties.generalCategory == .nonspacingMark { return .mark }
        return .separator
    }

    /// `kind(of:)` for the scalars `makePlain` takes (ASCII and `Script.isPlainCJK`), nil for
    /// any other. The kanji block is all letters (a test checks it); the rest is a table.
    static func plainKind(_ value: UInt32) -> PlainKind? {
        switch value {
        case 0..<0x80: return plainKinds[Int(value)]
        case 0x4E00...0x9FFF: return .kept
        case _ where !Script.isPlainCJK(value): return nil
        case 0x3000...0x30FF: return plainKinds[0x80 + Int(value - 0x3000)]
        default: return plainKinds[0x180 + Int(value - 0xFF00)] // the full-width forms, FF01–FF5E
        }
    }

    private static let plainKinds: [PlainKind] = (Array(0..<0x80) + Array(0x3000...0x30FF) + Array(0xFF00...0xFF5F)).map {
        kind(of: Unicode.Scalar(UInt32($0))!)
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 { out.append(UInt8(value)); return }
        out += UTF8.encode(scalar)!
    }

    /// The rules character by character, on the text composed (NFC).
    static func makeByCharacters(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for character in text.precomposedStringWithCanonicalMapping {
            if character.isLetter || character.isNumber || character == "_" {
                if pendingHyphen && !out.isEmpty { out += "-" }
                pendingHyphen = false
                out += character.isASCII ? character.lowercased() : String(character)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.isDiacritic || $0.properties.generalCategory == .nonspacingMark }) && !out.isEmpty {
                out += String(character) // a combining mark that came apart from its base
            } else {
                pendingHyphen = true
            }
        }
        return capped(out)
    }

    /// `make` for ASCII text (file names, English tags), byte by byte; nil for other text.
    /// The same rules: letters, digits and `_` kept (lowercased), `^` and `` ` `` (Unicode
    /// diacritics) kept after the first kept character, anything else one hyphen.
    static func makeASCII(_ text: String) -> String? {
        return text.withUTF8Bytes { makeASCII(bytes: $0) }
    }

    /// The same over UTF-8 bytes.
    static func makeASCII(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingHyphen = false
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                if pendingHyphen && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                out.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingHyphen && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                out.append(byte + 32)
            case UInt8(ascii: "^"), UInt8(ascii: "`"):
                if out.isEmpty { pendingHyphen = true } else { out.append(byte) }
            default:
                pendingHyphen = true
            }
        }
        return capped(String(decoding: out, as: UTF8.self))
    }

    static func capped(_ slug: String) -> String {
        guard slug.utf8.count > maxBytes else { return slug }
        var result = ""
        for character in slug {
            guard result.utf8.count + character.utf8.count <= maxBytes else { break }
            result.append(character)
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// A slug from a file name: drops the extension and a leading `YYYY-MM-DD-`.
    public static func fromFileName(_ name: String) -> String {
        // By bytes: the name's characters were walked grapheme by grapheme, 10,000 names a build.
        return name.withUTF8Bytes { bytes in
            let end = bytes.lastIndex(of: UInt8(ascii: ".")) ?? bytes.count
            // A leading `YYYY-MM-DD-` (a regular expression per file was slow).
            let isDate = end >= 11 && (0..<11).allSatisfy { i in
                [4, 7, 10].contains(i) ? bytes[i] == UInt8(ascii: "-") : (48...57).contains(bytes[i])
            }
            let base = UnsafeBufferPointer(rebasing: bytes[(isDate ? 11 : 0)..<end])
            return makeASCII(bytes: base) ?? makeUnicode(String(decoding: base, as: UTF8.self))
        }
    }
}

private extension Unicode.Scalar {
    /// An ASCII letter lowercased (any other scalar as it is).
    var lowercasedASCII: Unicode.Scalar {
        (65...90).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : self
    }
}
