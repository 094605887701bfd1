/// Token codes numbered 0, 1, 2… in the order they were first seen, found again through
/// an open-addressing table. Swift's `Dictionary` hashes every key with SipHash; the
/// search index looks codes up tens of millions of times in a 10,000-post build, and
/// its codes are hashes or packed characters already, so a multiply spreads them enough.
struct CodeIndex {
    private(set) var codes: [UInt64] = []
    /// An index into `codes` + 1, or 0 for a free slot.
    private var slots: [Int32]
    private var shift: UInt64

    init(expected: Int) {
        var bits = 6
        while 1 << bits < expected * 2 { bits += 1 }
        slots = Array(repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The number of `code`, numbering it if it is new.
    @inline(__always)
    mutating func insert(_ code: UInt64) -> (index: Int, isNew: Bool) {
        let mask = slots.count - 1
        var slot = home(code)
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if codes[entry - 1] == code { return (entry - 1, false) }
            slot = (slot + 1) & mask
        }
        codes.append(code)
        slots[slot] = Int32(codes.count)
        if codes.count * 2 > slots.count { grow() }
        return (codes.count - 1, true)
    }

    /// The number of `code`, if it has one.
    func find(_ code: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = home(code)
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if codes[entry - 1] == code { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The slot a code is looked for first: its top bits after a multiply by the golden ratio.
    @inline(__always)
    private func home(_ code: UInt64) -> Int { Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for (index, code) in codes.enumerated() {
            var slot = home(code)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
