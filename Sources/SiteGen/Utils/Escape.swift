/// Escaping for each output context. Every value that comes from the user passes
/// through exactly one of these before it reaches a file.
public enum Escape {
    /// Text and attribute values in HTML (quotes included, so it is safe in attributes).
    public static func html(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendHTML(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `html`, appended to bytes (the template renderer escapes every value this way).
    static func appendHTML(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
    }

    /// XML 1.0 text: escapes markup and drops characters XML forbids (most C0
    /// controls, U+FFFE/U+FFFF), which would make the whole feed unreadable.
    public static func xml(_ text: String) -> String {
        markup(text, apostrophe: "&apos;", keep: isXMLChar)
    }

    private static func markup(_ text: String, apostrophe: String, keep: (Unicode.Scalar) -> Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += apostrophe
            default: if keep(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Drops the control characters that make text unusable in any output
    /// (keeps tab and newline).
    public static func stripControls(_ text: String) -> String {
        // Almost all text has none: check the bytes before building a new string.
        // (0xEF 0xBF 0xBE/0xBF is U+FFFE/U+FFFF.)
        let clean = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for (i, b) in bytes.enumerated() {
                if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F { return false }
                if b == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE { return false }
            }
            return true
        }
        if clean == true { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0 == "\t" || $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F && isXMLChar($0))
        }))
    }

    /// A JSON string literal (with quotes). `<`, `>` and `&` are escaped too, so the
    /// result can sit inside an HTML `<script>` element without closing it.
    public static func jsonString(_ text: String) -> String {
        // Byte by byte: every search document's text goes through here, and appending
        // scalar by scalar to a String was a twentieth of a clean build.
        let utf8 = text.utf8
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        var iterator = utf8.makeIterator()
        var pending: [UInt8] = [] // E2 80, the start of U+2028 / U+2029
        while let byte = iterator.next() {
            if !pending.isEmpty {
                if pending.count == 1 {
                    if byte == 0x80 { pending.append(byte); continue }
                } else if byte == 0xA8 || byte == 0xA9 {
                    out += Array("\\u202".utf8) + [byte == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")]
                    pending.removeAll()
                    continue
                }
                out += pending
                pending.removeAll()
            }
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0..<0x20:
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            case 0xE2: pending.append(byte)
            default: out.append(byte)
            }
        }
        out += pending
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
