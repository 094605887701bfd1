#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What `make` gives for each scalar of the Basic Multilingual Plane, remembered as scalars
/// are met: a table of 65,536 bytes per thread (no lock, no shared writes), each entry
/// worked out the first time a text on that thread has the scalar. Filling whole tables at
/// once (Unicode property lookups for every scalar) cost 60 M instructions, more than all
/// the tokenizing and counting of one edit's rebuild; real text meets a few thousand scalars.
final class ScalarTable: @unchecked Sendable { // each thread fills and reads only its own table, under its pthread key
    private var key = pthread_key_t()
    private let make: @Sendable (UInt32) -> UInt8

    /// `make` must never give `unknown`.
    init(_ make: @escaping @Sendable (UInt32) -> UInt8) {
        self.make = make
        pthread_key_create(&key) { free($0) } // a thread's table goes with it
    }

    static let unknown: UInt8 = 0xFF

    /// This thread's table (made, all unknown, on the thread's first use).
    var current: Lookup {
        if let entries = pthread_getspecific(key) {
            return Lookup(entries: entries.assumingMemoryBound(to: UInt8.self), make: make)
        }
        let entries = malloc(0x10000)!.assumingMemoryBound(to: UInt8.self)
        entries.initialize(repeating: Self.unknown, count: 0x10000)
        pthread_setspecific(key, entries)
        return Lookup(entries: entries, make: make)
    }

    struct Lookup {
        let entries: UnsafeMutablePointer<UInt8>
        let make: @Sendable (UInt32) -> UInt8

        /// `make(v)`, from the table when it was worked out before.
        @inline(__always) func callAsFunction(_ v: UInt32) -> UInt8 {
            guard v < 0x10000 else { return make(v) }
            let known = entries[Int(v)]
            if known != ScalarTable.unknown { return known }
            let made = make(v)
            entries[Int(v)] = made
            return made
        }
    }
}
