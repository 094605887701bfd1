import Foundation

/// Bytes in one `malloc`'d buffer that becomes a `Data` without a copy (`finish`): what a
/// file is read into and a cache record written into. (`Data(count:)` zeroed every file's
/// bytes before they were read; bytes gathered in an array were copied once more to be
/// `Data`; and `Data` appended to field by field checked its storage at every append.)
/// Not copyable: the buffer has one owner, and goes with it unless handed over.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    /// `capacity`: about how many bytes will be written (then none is grown, and copied, on the way).
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = malloc(self.capacity)!
    }

    deinit { free(base) }

    /// The bytes written, handed over without a copy.
    consuming func finish() -> Data {
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        discard self
        return data
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// `count` bytes, zeroed, then written by `fill` in place.
    mutating func append(zeroed count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        reserve(count)
        let start = base + self.count
        start.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        fill(UnsafeMutableRawBufferPointer(start: start, count: count))
        self.count += count
    }

    /// One `read` of `descriptor` into the room after the bytes (grown when there is none);
    /// its result: the bytes read, 0 at the end, or -1 (see `errno`).
    mutating func read(from descriptor: Int32) -> Int {
        if count == capacity { reserve(max(4096, capacity)) }
        let result = Foundation.read(descriptor, base + count, capacity - count)
        if result > 0 { count += result }
        return result
    }

    private mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        capacity = max(capacity * 2, count + more)
        base = realloc(base, capacity)!
    }
}
