/// Paths inside the site ("/tags/クラウドソーシング/") and how they become links.
/// Paths are kept readable (Unicode) for file names on disk and percent-encoded
/// (UTF-8) only when they are written into a link.
public enum URLPath {
    /// Percent-encodes everything but RFC 3986 unreserved characters and `/`.
    public static func encode(_ path: String) -> String {
        return path.withUTF8Bytes { bytes in
            // Most paths need nothing encoded: then the path itself, no copy.
            guard bytes.contains(where: { !unreserved[Int($0)] }) else { return nil }
            var out: [UInt8] = []
            appendEncoded(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        } ?? path
    }

    /// `encode`, appended to bytes (a link is made from the base path and a site path at once).
    static func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveMore(bytes.count * 3)
        for byte in bytes {
            if unreserved[Int(byte)] {
                out.append(byte)
            } else {
                // Three appends, not an array of three: a Japanese tag's path escapes every byte.
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// The bytes `encode` keeps: letters, digits, `-`, `.`, `_`, `~` and `/`.
    private static let unreserved: [Bool] = (0...255).map { value in
        let byte = UInt8(value)
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~/".utf8.contains(byte)
    }

    /// Percent-encodes a query or fragment component (also encodes `/`, `&`, `=`).
    public static func encodeComponent(_ text: String) -> String {
        encode(text).replacingOccurrences(of: "/", with: "%2F")
    }

    /// Reverses `encode` (used by tests and the dev server); nil on bad escapes or bad UTF-8.
    public static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let h = iterator.next(), let l = iterator.next(),
                      let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Whether a path has a `.` or `..` segment or a NUL byte, any of which could take a
    /// path joined to a folder outside it. Bytes, no array: every page's path is checked.
    static func hasUnsafeSegment(_ path: String) -> Bool {
        // Over the bytes in place: every output path of a build is checked (25,000 at 10,000 posts).
        return path.withUTF8Bytes { bytes in
            var length = 0, dots = 0
            for byte in bytes {
                if byte == 0 { return true }
                if byte == UInt8(ascii: "/") {
                    if length > 0, length == dots, dots <= 2 { return true }
                    (length, dots) = (0, 0)
                    continue
                }
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
            return length > 0 && length == dots && dots <= 2
        }
    }

    /// The file a site path is written to: "/posts/a/" → "posts/a/index.html".
    public static func outputFile(for path: String) -> String {
        var relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        return relative
    }
}
