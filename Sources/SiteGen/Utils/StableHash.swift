/// A 64-bit hash that is the same in every process (Swift's `Hasher` is seeded per
/// run), for the incremental build: "did this page's inputs change since last time?"
/// Not for security; fast on long strings (eight bytes a step).
struct StableHasher {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    private mutating func mix(_ word: UInt64) {
        value = ((value ^ word) &* 0x9E37_79B9_7F4A_7C15)
        value ^= value >> 29
    }

    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        while i + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        mix(tail ^ (UInt64(bytes.count) << 56))
    }

    mutating func combine(_ text: String) {
        text.withUTF8Bytes { combine(UnsafeRawBufferPointer($0)) }
    }

    mutating func combine(_ number: Int) { mix(UInt64(bitPattern: Int64(number))) }

    mutating func combine(_ number: UInt64) { mix(number) }

    /// Template values: strings, numbers, flags, lists and dictionaries (keys in
    /// order), each tagged with its kind so `["a"]` and `"a"` differ.
    mutating func combine(value: Any) {
        switch value {
        case let text as String:
            mix(1); combine(text)
        case let flag as Bool:
            mix(flag ? 3 : 4)
        case let number as Int:
            mix(2); combine(number)
        case let dictionary as [String: Any]:
            mix(5); combine(dictionary.count)
            for key in dictionary.keys.sorted() {
                combine(key)
                combine(value: dictionary[key]!)
            }
        case let strings as [String: String]:
            mix(6); combine(strings.count)
            for key in strings.keys.sorted() {
                combine(key)
                combine(strings[key]!)
            }
        case let list as [Any]:
            mix(7); combine(list.count)
            for item in list { combine(value: item) }
        default:
            mix(8); combine(String(describing: value))
        }
    }

    static func hash(_ text: String) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(text)
        return hasher.value
    }

    static func hash(_ data: [UInt8]) -> UInt64 {
        var hasher = StableHasher()
        data.withUnsafeBytes { hasher.combine($0) }
        return hasher.value
    }
}
