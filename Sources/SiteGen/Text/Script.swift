/// Which writing system a character belongs to, as far as text rules care.
public enum Script {
    /// Han, Hiragana, Katakana (with the prolonged sound mark), Hangul, and the
    /// CJK punctuation and full-width forms that sit between them.
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F,   // CJK symbols and punctuation (、。「」)
             0x3040...0x309F,   // Hiragana
             0x30A0...0x30FF,   // Katakana
             0x31F0...0x31FF,   // Katakana phonetic extensions
             0x3400...0x4DBF,   // CJK extension A
             0x4E00...0x9FFF,   // CJK unified ideographs
             0xAC00...0xD7AF,   // Hangul syllables
             0xF900...0xFAFF,   // CJK compatibility ideographs
             0xFF00...0xFFEF,   // Half-width and full-width forms (！？（）)
             0x20000...0x2FA1F: // CJK extensions B–F
            return true
        default:
            return false
        }
    }

    /// Kana, the common kanji, Japanese punctuation and brackets, full-width ASCII forms: each
    /// a character on its own, which nothing before it joins (none is a combining mark, and none
    /// follows a prepended mark in real text), already composed (NFC), CJK and not whitespace.
    /// Text made of these and ASCII needs no grapheme breaking.
    static func isPlainCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3041...0x3096).contains(value) || (0x30A1...0x30FA).contains(value) || value == 0x30FC
            || (0x3001...0x3002).contains(value) || (0x300C...0x3011).contains(value) || (0xFF01...0xFF5E).contains(value)
    }

    /// `properties.isAlphabetic`, looked up once for the CJK punctuation and full-width forms
    /// (、。「」！, and 々 which is alphabetic): Japanese text has one every few characters,
    /// and a property lookup costs more than the rest of deciding a text's language.
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F: return alphabeticCJKSymbols[Int(scalar.value - 0x3000)]
        case 0xFF00...0xFFEF: return alphabeticFullWidth[Int(scalar.value - 0xFF00)]
        default: return scalar.properties.isAlphabetic
        }
    }

    private static let alphabeticCJKSymbols = (0x3000...0x303F).map { Unicode.Scalar($0)!.properties.isAlphabetic }
    private static let alphabeticFullWidth = (0xFF00...0xFFEF).map { Unicode.Scalar($0)!.properties.isAlphabetic }

    public static func isCJK(_ character: Character) -> Bool {
        character.unicodeScalars.first.map(isCJK) ?? false
    }

    /// CJK characters that are read (not punctuation): what reading speed counts.
    public static func isCJKLetter(_ scalar: Unicode.Scalar) -> Bool {
        isCJK(scalar) && !(0x3000...0x303F).contains(scalar.value) && !(0xFF00...0xFF0F).contains(scalar.value)
            && !(0xFF1A...0xFF20).contains(scalar.value)
    }
}
