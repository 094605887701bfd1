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
        text.withUTF8Bytes { bytes in
            // The table through a pointer: indexing the array checked its bounds at every byte.
            htmlEscaped.withUnsafeBufferPointer { escaped in
                var runStart = 0
                for k in 0..<bytes.count where escaped[Int(bytes[k])] {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<k]))
                    _ = appendEntity(bytes[k], apostrophe: "&#39;", to: &out)
                    runStart = k + 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            }
        }
    }

    /// The entity of a markup character (`&`, `<`, `>`, `"`, `'`), appended; false for any other byte.
    private static func appendEntity(_ byte: UInt8, apostrophe: String, to out: inout [UInt8]) -> Bool {
        switch byte {
        case UInt8(ascii: "&"): out += "&amp;".utf8
        case UInt8(ascii: "<"): out += "&lt;".utf8
        case UInt8(ascii: ">"): out += "&gt;".utf8
        case UInt8(ascii: "\""): out += "&quot;".utf8
        case UInt8(ascii: "'"): out += apostrophe.utf8
        default: return false
        }
        return true
    }

    private static let htmlEscaped: [Bool] = (0...255).map { "&<>\"'".utf8.contains(UInt8($0)) }

    /// XML 1.0 text: escapes markup and drops characters XML forbids (most C0
    /// controls, U+FFFE/U+FFFF), which would make the whole feed unreadable.
    public static func xml(_ text: String) -> String {
        // Byte runs copied whole, as in `appendJSONString`: feeds carry whole posts, the
        // sitemap a URL per page.
        return text.withUTF8Bytes { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var runStart = 0, i = 0
            while i < bytes.count {
                let byte = bytes[i]
                guard xmlEscaped[Int(byte)] else { i += 1; continue }
                // EF BF BE/BF is U+FFFE/U+FFFF, which XML forbids; other EF sequences are fine.
                if byte == 0xEF {
                    guard i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE else { i += 1; continue }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                if !appendEntity(byte, apostrophe: "&apos;", to: &out) {
                    switch byte {
                    case 0x09, 0x0A, 0x0D: out.append(byte)
                    case 0xEF: i += 2 // dropped, with its two other bytes
                    default: break // other C0 controls: dropped
                    }
                }
                i += 1
                runStart = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Bytes `xml` looks at: markup, C0 controls, and 0xEF (which may start U+FFFE/U+FFFF).
    private static let xmlEscaped: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == 0xEF || "&<>\"'".utf8.contains(UInt8(byte))
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
        let clean = text.utf8.withContiguousStorageIfAvailable { !hasControls($0) }
        if clean == true { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0 == "\t" || $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F && isXMLChar($0))
        }))
    }

    /// Whether `stripControls` has anything to drop. Every content file's body goes through
    /// here: eight bytes are tested at once, and only a word holding a byte below 0x20 (a
    /// newline, mostly), 0x7F or 0xEF is looked at byte by byte.
    static func hasControls(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isControl(_ i: Int) -> Bool {
            let b = bytes[i]
            if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F { return true }
            return b == 0xEF && i + 2 < bytes.count && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE
        }
        var i = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            // Exact tests of "some byte is below n" and "some byte is zero" (after an xor) on a whole word.
            func below(_ w: UInt64, _ n: UInt64) -> Bool { (w &- ones &* n) & ~w & high != 0 }
            while i + 8 <= bytes.count {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if below(w, 0x20) || below(w ^ (ones &* 0x7F), 1) || below(w ^ (ones &* 0xEF), 1) {
                    for k in i..<(i + 8) where isControl(k) { return true }
                }
                i += 8
            }
        }
        while i < bytes.count {
            if isControl(i) { return true }
            i += 1
        }
        return false
    }

    /// A JSON string literal (with quotes). `<`, `>` and `&` are escaped too, so the
    /// result can sit inside an HTML `<script>` element without closing it.
    public static func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        appendJSONString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `jsonString`, appended to bytes. Runs of bytes that need no escape are copied
    /// whole, and skipped 16 at a time: every search document's text goes through here,
    /// and a byte at a time it was a twentieth of a clean build.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        text.withUTF8Bytes { appendJSONString(utf8: $0, to: &out) }
    }

    /// The same for text as UTF-8 bytes.
    static func appendJSONString(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveMore(bytes.count + 2)
        out.append(UInt8(ascii: "\""))
        var runStart = 0, i = 0
        // The table through a pointer: indexing the array checked its bounds at every byte.
        jsonEscaped.withUnsafeBufferPointer { escaped in
            while i < bytes.count {
                let byte = bytes[i]
                guard escaped[Int(byte)] else { i += 1; continue }
                // E2 80 A8/A9 is U+2028/U+2029: valid JSON, but a line break to older JavaScript.
                if byte == 0xE2 {
                    guard i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 else { i += 1; continue }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                switch byte {
                case UInt8(ascii: "\""): out += #"\""#.utf8
                case UInt8(ascii: "\\"): out += #"\\"#.utf8
                case UInt8(ascii: "\n"): out += #"\n"#.utf8
                case UInt8(ascii: "\r"): out += #"\r"#.utf8
                case UInt8(ascii: "\t"): out += #"\t"#.utf8
                case 0xE2:
                    out += (bytes[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8
                    i += 2
                default:
                    out += #"\u00"#.utf8
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 15)])
                }
                i += 1
                runStart = i
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Bytes `appendJSONString` looks at: controls, `"`, `\\`, `<`, `>`, `&`, and 0xE2 (which may start U+2028/9).
    private static let jsonEscaped: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == 0xE2 || "\"\\<>&".utf8.contains(UInt8(byte))
    }
}
