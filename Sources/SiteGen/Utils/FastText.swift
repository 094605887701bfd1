import Foundation
#if canImport(Glibc)
import Glibc
#endif
/// Text operations on the hot path. Foundation's `replacingOccurrences` goes
/// through NSString on Linux and was a fifth of a build's time; these work on UTF-8.
extension String {
    /// Every occurrence of `target` replaced by `replacement`, in one pass over the bytes.
    func replacingAll(_ target: String, with replacement: String) -> String {
        return withUTF8Bytes { UTF8Scan.replacingAll(target, with: replacement, in: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? self
    }
}

extension String {
    /// The text of `bytes`, nil unless they are valid UTF-8.
    init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }

    /// The same for bytes in `Data` (a file as read).
    init?(validUTF8 data: Data) {
        guard let text = data.withUnsafeBytes({ String(validUTF8: $0.bindMemory(to: UInt8.self)) }) else { return nil }
        self = text
    }
}

extension String {
    /// The UTF-8 bytes, borrowed. `withUTF8` mutates, so calling it on a parameter took a
    /// `var` copy of the string first (a retain and a release, on hot paths that escape or hash
    /// hundreds of short strings a page); contiguous storage needs no copy.
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

extension [UInt8] {
    /// Room for `extra` more bytes, growing by doubling. `reserveCapacity(count + extra)` before
    /// each append makes a buffer of exactly that size every time, copying all the bytes so far:
    /// the search documents' JSON was copied 34,000 times at 1,000 posts.
    mutating func reserveMore(_ extra: Int) {
        let needed = count + extra
        if capacity < needed { reserveCapacity(Swift.max(needed, capacity * 2)) }
    }

    /// The same over UTF-8 bytes.
    func replacingAll(_ target: String, with replacement: String) -> [UInt8] {
        withUnsafeBufferPointer { UTF8Scan.replacingAll(target, with: replacement, in: $0) } ?? self
    }
}

extension String {
    /// The first occurrence of `target` at or after `start`, compared byte for byte (no
    /// Unicode equivalence: the hot path looks for ASCII markers such as `</h2>` or
    /// `[f:id:`), without Foundation's slow search.
    func byteRange(of target: String, from start: Index? = nil) -> Range<Index>? {
        let offset = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
        guard let found = withUTF8Bytes({ UTF8Scan.find(target, in: $0, from: offset) }) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found)
        return lower..<utf8.index(lower, offsetBy: target.utf8.count)
    }
}

extension StringProtocol {
    /// Whether `target` occurs, byte for byte (see `String.byteRange`).
    func containsBytes(_ target: String) -> Bool {
        String(self).byteRange(of: target) != nil
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)`, without Foundation when the text starts
    /// and ends with a character that is plainly not a space (nearly always).
    var trimmedSpaces: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        // Letters, digits, marks, punctuation and symbols are never in `.whitespaces`
        // (Foundation's set holds more than the space separators: U+200B, for one).
        func plain(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return scalar.value > 0x20 && scalar.value < 0x7F }
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .format, .control, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: return false
            default: return true
            }
        }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}

/// Decoding scalars straight from a string's UTF-8, for scans that look at every
/// character of every post (`unicodeScalars` costs several times more).
enum UTF8Scan {
    /// `bytes` with every occurrence of `target` replaced, in one pass; nil when there is none.
    static func replacingAll(_ target: String, with replacement: String, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var copiedUpTo = 0
        while let found = find(target, in: bytes, from: copiedUpTo) {
            if result.isEmpty { result.reserveCapacity(bytes.count + 64) }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<found]))
            result.append(contentsOf: replacement.utf8)
            copiedUpTo = found + target.utf8.count
        }
        guard copiedUpTo > 0 else { return nil }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
        return result
    }

    /// Where `target`'s bytes first occur in `bytes` at or after `start`: `memchr` to each
    /// place its first byte occurs, then `memcmp` (many times faster than comparing at every byte).
    static func find(_ target: String, in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let base = bytes.baseAddress, !target.isEmpty else { return nil }
        return target.withUTF8Bytes { needle -> Int? in
            let first = Int32(needle[0]), last = bytes.count - needle.count
            var i = start
            while i <= last {
                guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                // The second byte first: a target starting with `<` stops at every tag of a page.
                if needle.count < 2 || base[i + 1] == needle[1], memcmp(base + i, needle.baseAddress!, needle.count) == 0 { return i }
                i += 1
            }
            return nil
        }
    }

    /// A–Z or a–z, from a byte or a scalar's value (`| 0x20` makes A–Z a–z and moves no other
    /// value into a–z): one compare where every character of a post is looked at.
    @inline(__always)
    static func isASCIILetter<Code: UnsignedInteger & FixedWidthInteger>(_ code: Code) -> Bool {
        (code | 0x20) &- 0x61 < 26
    }

    /// `bytes` without the bytes `isBlank` takes at either end.
    static func trimming(_ bytes: UnsafeBufferPointer<UInt8>, _ isBlank: (UInt8) -> Bool) -> UnsafeBufferPointer<UInt8> {
        var (start, end) = (0, bytes.count)
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The scalar starting at `i` (a lead byte of valid UTF-8, as a Swift string's bytes
    /// always are) and how many bytes it takes.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F), 4)
    }
}

extension [UInt8] {
    /// `value`'s digits (lowercase), as `String(value, radix:)` writes them, without making
    /// that `String`: the cache files write tens of thousands of numbers after every build.
    mutating func appendDigits(of value: UInt64, radix: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in // 20: UInt64.max in decimal
            var start = 20
            var rest = value
            repeat {
                let digit = UInt8(rest % radix)
                start -= 1
                digits[start] = digit < 10 ? 48 + digit : 87 + digit
                rest /= radix
            } while rest > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
