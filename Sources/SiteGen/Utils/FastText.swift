/// Text operations on the hot path. Foundation's `replacingOccurrences` goes
/// through NSString on Linux and was a fifth of a build's time; these work on UTF-8.
extension String {
    /// Every occurrence of `target` replaced by `replacement`, in one pass over the bytes.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard let first = needle.first else { return self }
        var result: [UInt8] = []
        var found = false
        utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            var copiedUpTo = 0
            let end = bytes.count - needle.count
            while i <= end {
                if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    if !found { result.reserveCapacity(bytes.count + 64); found = true }
                    result.append(contentsOf: bytes[copiedUpTo..<i])
                    result.append(contentsOf: replacement.utf8)
                    i += needle.count
                    copiedUpTo = i
                } else {
                    i += 1
                }
            }
            if found { result.append(contentsOf: bytes[copiedUpTo...]) }
        }
        if found { return String(decoding: result, as: UTF8.self) }
        // Strings without contiguous UTF-8 (bridged) are rare here; fall back to a slow path.
        if utf8.withContiguousStorageIfAvailable({ _ in true }) == nil {
            var copy = self
            copy.makeContiguousUTF8()
            return copy.replacingAll(target, with: replacement)
        }
        return self
    }
}

extension String {
    /// The first occurrence of `target` at or after `start`, compared byte for byte (no
    /// Unicode equivalence: the hot path looks for ASCII markers such as `</h2>` or
    /// `[f:id:`), without Foundation's slow search.
    func byteRange(of target: String, from start: Index? = nil) -> Range<Index>? {
        let needle = Array(target.utf8)
        guard let first = needle.first else { return nil }
        return utf8.withContiguousStorageIfAvailable { bytes -> Range<Index>? in
            var i = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
            let last = bytes.count - needle.count
            while i <= last {
                if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    let lower = utf8.index(utf8.startIndex, offsetBy: i)
                    return lower..<utf8.index(lower, offsetBy: needle.count)
                }
                i += 1
            }
            return nil
        } ?? {
            var copy = self
            copy.makeContiguousUTF8()
            return copy.byteRange(of: target, from: start.map { copy.utf8.index(copy.utf8.startIndex, offsetBy: utf8.distance(from: utf8.startIndex, to: $0)) })
        }()
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
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}

/// Decoding scalars straight from a string's UTF-8, for scans that look at every
/// character of every post (`unicodeScalars` costs several times more).
enum UTF8Scan {
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
