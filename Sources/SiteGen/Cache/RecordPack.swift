import Foundation

/// Values kept between builds in one pack file, each record under a 64-bit key (the
/// hash of everything the value was made from): rendered Markdown bodies, search
/// tokens. One file, because ten thousand small files cost more to write than the work
/// they save; each record read with its own small read when a build asks for it (a
/// mapping of the whole file counted against the build's memory).
///
/// File: a header line, then records of key, length, checksum (each 8 bytes,
/// little-endian) and payload. New values are appended; the file is rewritten with only
/// the values this build used when most of it has gone stale. A record is read whole and
/// its checksum verified before any of it is used: one that does not verify (a damaged
/// file) is made again, and `repairs` hears of it.
final class RecordPack<Value>: @unchecked Sendable { // mutable state only under `lock`; the file is read at offsets
    let file: URL?
    private let io: FileIO
    private let header: Data
    private let encode: (Value) -> Data
    private let decode: (StoredRecord) -> Value?
    /// Bytes of a record read before decoding it (nil: all of it); the rest is read when asked for.
    private let headBytes: Int?
    /// The pack file, open for reading records.
    private let reader: PackReader?
    /// Key → where its record's payload sits in the file, and its checksum.
    private let index: [UInt64: Slot]
    private let repairs: CacheRepairs?
    private let lock = NSLock()
    private var used = Set<UInt64>()
    /// Values made by this build, encoded only when saved (their storage is shared with
    /// the build), or at once when `encodesAtOnce` (values whose encoding is much smaller).
    private var made: [UInt64: Value] = [:]
    private var madeEncoded: [UInt64: Data] = [:]
    private let encodesAtOnce: Bool
    private let readsStored: Bool
    private var makes = 0
    private var reads = 0
    /// What the same process's last build decoded and made from this pack (`WarmCaches`):
    /// taken before the file. With `warm`, this build's values are handed back when it saves.
    private let warm: WarmCaches?
    private let warmValues: [UInt64: Value]
    private var touched: [UInt64: Value] = [:]
    /// With `spills`: where values this build makes are written at once, and read back
    /// from, so their large fields stay on disk until a step uses them (a clean build of
    /// 50,000 posts held every body, its HTML and its text at once).
    private let scratch: ScratchFile?
    /// Values made by this build that sit in `scratch`, to be written with the pack.
    private var madeInScratch: [UInt64: Range<Int>] = [:]

    /// `file` nil: nothing is kept. `readsStored` false (a clean build): nothing is read
    /// from the file, everything is made again and the pack is written anew.
    /// `spills`: values made are encoded and written to a scratch file at once (not with
    /// `warm`: a long-running process keeps its values in memory). With `headBytes`, what the
    /// build gets is decoded from their first bytes; without, it gets the value as made, and
    /// only the copy to be saved with the pack waits in the scratch file.
    init(file: URL?, header: String, readsStored: Bool = true, encodesAtOnce: Bool = false, headBytes: Int? = nil,
         spills: Bool = false, warm: WarmCaches? = nil, repairs: CacheRepairs? = nil, io: FileIO = .disk,
         encode: @escaping (Value) -> Data, decode: @escaping (StoredRecord) -> Value?) {
        self.repairs = repairs
        self.io = io
        self.warm = file == nil ? nil : warm
        self.warmValues = file.flatMap { readsStored ? warm?.values(for: $0) : nil } ?? [:]
        self.headBytes = headBytes
        self.file = file
        self.encodesAtOnce = encodesAtOnce
        let header = Data((header + " checked\n").utf8)
        self.header = header
        self.encode = encode
        self.decode = decode
        self.readsStored = readsStored
        // The index is read with small reads, not from the mapping: touching every record's
        // header through a mapping makes the whole file resident (the kernel maps the pages
        // around each one), which a clean build, reading no value, does not need.
        let stored = readsStored ? file : nil
        self.index = stored.map { Self.readIndexFile($0.path, repairs: repairs, io: io) ?? Self.readIndex($0.path, header: header, io: io) } ?? [:]
        self.reader = stored.flatMap { PackReader(path: $0.path, io: io) }
        self.scratch = spills && warm == nil ? file.flatMap { ScratchFile(folder: $0.deletingLastPathComponent().path, io: io) } : nil
    }

    /// Where a record's payload is in the file, and the checksum it was written with.
    struct Slot {
        var range: Range<Int>
        var sum: UInt64
    }

    /// A record's payload, read whole and verified (nil: it could not be read, or does not verify).
    private func verifiedPayload(_ slot: Slot) -> Data? {
        guard let data = reader?.read(slot.range) else { return nil }
        guard CacheFile.checksum(data) == slot.sum else {
            if let file { repairs?.note(file.path) }
            return nil
        }
        return data
    }

    /// The first `headBytes` bytes of a record, copied: a slice would hold on to the whole record.
    private func head(of data: Data) -> Data {
        headBytes.map { data.count > $0 ? data.subdata(in: 0..<$0) : data } ?? data
    }

    /// A stored record, verified: its first `headBytes` bytes kept, the rest read again on demand.
    private func stored(_ slot: Slot) -> StoredRecord? {
        guard let reader, let data = verifiedPayload(slot) else { return nil }
        let head = head(of: data)
        return StoredRecord(head: head, payload: slot.range, reader: reader)
    }

    private static func readIndex(_ path: String, header: Data, io: FileIO) -> [UInt64: Slot] {
        guard let file = io.open(path, .read), let size = file.size, file.read(0..<header.count) == header else { return [:] }
        var index: [UInt64: Slot] = [:]
        var offset = header.count
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        while offset + 24 <= size, withUnsafeMutableBytes(of: &words, { file.read(into: $0, at: offset) }) == 24 {
            let key = UInt64(littleEndian: words.0), length = UInt64(littleEndian: words.1)
            // A torn append or a damaged length: keep what is whole before it.
            guard length <= UInt64(size - offset - 24) else { break }
            let start = offset + 24, end = start + Int(length)
            index[key] = Slot(range: start..<end, sum: UInt64(littleEndian: words.2))
            offset = end
        }
        return index
    }

    /// The index as `save` wrote it beside the pack (`<pack>.index`), when the pack is still
    /// the file it was written for (same size, times and inode): one read instead of one
    /// per record (a 10,000-post site's packs have 40,000 records, read before every build).
    private static func readIndexFile(_ path: String, repairs: CacheRepairs?, io: FileIO) -> [UInt64: Slot]? {
        guard let identity = io.identity(path), let size = io.status(path, true)?.size,
              let data = CacheFile.read(path + ".index", repairs: repairs, io: io) else { return nil }
        var input = CacheReader(data)
        guard input.string(is: indexHeader), let stamp = input.words(1), stamp[0] == identity,
              let count = input.int(), count >= 0, let words = input.words(count, each: 4), input.isAtEnd else { return nil }
        var index: [UInt64: Slot] = [:]
        index.reserveCapacity(count)
        for i in 0..<count {
            guard let lower = Int(exactly: words[4 * i + 1]), let upper = Int(exactly: words[4 * i + 2]),
                  lower <= upper, upper <= size else { return nil }
            index[words[4 * i]] = Slot(range: lower..<upper, sum: words[4 * i + 3])
        }
        return index
    }

    private static var indexHeader: String { "sitegen-pack-index 2" }

    private static func writeIndexFile(_ path: String, _ index: [UInt64: Slot], io: FileIO) {
        guard let identity = io.identity(path) else { return }
        var out = CacheWriter()
        out.string(indexHeader)
        out.words([identity])
        out.int(index.count)
        out.words(index.flatMap { [$0.key, UInt64($0.value.range.lowerBound), UInt64($0.value.range.upperBound), $0.value.sum] })
        CacheFile.write(out.finish(), to: path + ".index", io: io)
    }

    /// The stored value for `key`, or `make()`'s, which is then saved with the pack.
    func value(for key: UInt64, make: () throws -> Value) rethrows -> Value {
        if let value = kept(key) { return value }
        return add(key, try make())
    }

    /// The value for `key` from the last build (from memory or the file), kept for the next
    /// build too; nil when this build must make it (and `add` it).
    func kept(_ key: UInt64) -> Value? {
        lock.withLock { _ = used.insert(key) }
        if readsStored, let value = warmValues[key] {
            if index[key] == nil { addMade(key, value) } // from memory, but not in the file yet
            touch(key, value)
            return value
        }
        if readsStored, let slot = index[key], let record = stored(slot), let value = decode(record) {
            lock.withLock { reads += 1 }
            touch(key, value)
            return value
        }
        return nil
    }

    /// A value this build made for `key`, to be saved with the pack. Returns it as the build
    /// should hold it: with `spills` and `headBytes`, read back from its first bytes.
    @discardableResult
    func add(_ key: UInt64, _ value: Value) -> Value {
        lock.withLock {
            used.insert(key)
            makes += 1
        }
        touch(key, value)
        let kept = readsStored || index[key] == nil
        if let scratch, headBytes != nil, let (written, range) = spill(value, to: scratch) {
            if kept { lock.withLock { madeInScratch[key] = range } }
            return written
        }
        guard kept else { return value }
        addMade(key, value)
        return value
    }

    /// `value` written to the scratch file, and read back from its first bytes (nil: it could not be written).
    private func spill(_ value: Value, to scratch: ScratchFile) -> (Value, Range<Int>)? {
        let data = encode(value)
        guard let range = scratch.append(data) else { return nil }
        let head = head(of: data)
        guard let written = decode(StoredRecord(head: head, payload: range, reader: scratch.reader)) else { return nil }
        return (written, range)
    }

    /// A value to be written with the pack: encoded now when the pack spills or `encodesAtOnce`.
    private func addMade(_ key: UInt64, _ value: Value) {
        guard file != nil else { return }
        if scratch != nil || encodesAtOnce {
            keepEncoded(key, encode(value))
        } else {
            lock.withLock { made[key] = value }
        }
    }

    /// An encoded value to be written with the pack: in the scratch file when the pack spills
    /// (and it could be written there), else in memory.
    private func keepEncoded(_ key: UInt64, _ data: Data) {
        if let scratch, let range = scratch.append(data) {
            lock.withLock { madeInScratch[key] = range }
        } else {
            lock.withLock { madeEncoded[key] = data }
        }
    }

    /// A value this build used, handed to the next build of the process (`warm`).
    private func touch(_ key: UInt64, _ value: Value) {
        guard warm != nil else { return }
        lock.withLock { touched[key] = value }
    }

    /// The stored value for `key`, if there is one (it is not kept for the next build
    /// unless `keep` or `value(for:)` asks for it too).
    func stored(_ key: UInt64) -> Value? {
        guard readsStored else { return nil }
        if let value = warmValues[key] { return value }
        guard let slot = index[key], let record = stored(slot) else { return nil }
        return decode(record)
    }

    /// Stores a value already encoded (as `value(for:)` stores what it makes).
    func put(_ key: UInt64, encoded data: Data) {
        let isNew = lock.withLock {
            used.insert(key)
            return file != nil && index[key] == nil // stored already: the same key is the same bytes
        }
        if isNew { keepEncoded(key, data) }
    }

    /// Whether the pack file holds a value for `key` that this build may read.
    func isStored(_ key: UInt64) -> Bool { readsStored && index[key] != nil }

    /// Keeps these records for the next build although this one did not read them.
    func keep(_ keys: [UInt64]) {
        lock.withLock { used.formUnion(keys) }
    }

    /// How many values this build made (the others were read back, or were in memory).
    var madeCount: Int { lock.withLock { makes } }
    /// How many values `value(for:)` read back from the file.
    var readCount: Int { lock.withLock { reads } }

    func save() {
        guard let file else { return }
        let (used, made, madeEncoded, madeInScratch) = lock.withLock { (self.used, self.made, self.madeEncoded, self.madeInScratch) }
        let liveBytes = index.filter { used.contains($0.key) }.reduce(0) { $0 + $1.value.range.count }
        let deadBytes = index.values.reduce(0) { $0 + $1.range.count } - liveBytes
        try? io.makeFolders(file.deletingLastPathComponent().path)
        let appending = !index.isEmpty && deadBytes <= max(liveBytes, 1 << 20)
        if appending && made.isEmpty && madeEncoded.isEmpty && madeInScratch.isEmpty {
            if !io.exists(file.path + ".index") { Self.writeIndexFile(file.path, index, io: io) }
            handToWarm(made: [], written: nil)
            return
        }
        let target = appending ? file : file.appendingPathExtension("new")
        if !appending {
            guard (try? io.write(target.path, [UInt8](header))) != nil else { return }
        }
        // Never through a link put in the cache folder's place.
        guard let handle = io.open(target.path, .write), let size = handle.size else { return }
        // Where each record lands, for the index file written after it.
        var newIndex: [UInt64: Slot] = appending ? index : [:]
        var offset = size
        var written = true // every piece so far: else the index would point at bytes not there
        /// Where the next piece goes: records are written one after the other from the file's end.
        var end = size
        func put(_ bytes: some ContiguousBytes) {
            let count = bytes.withUnsafeBytes { $0.count }
            written = handle.write(bytes, at: end) && written
            end += count
        }
        // Written in pieces of a few megabytes: a clean build of a large site makes
        // hundreds of megabytes of records, which must not be encoded all at once.
        // Bytes, not `Data`: each record copied once, its key, length and checksum before it.
        var chunk: [UInt8] = []
        chunk.reserveCapacity(5 << 20)
        func flush() {
            put(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        func add(_ key: UInt64, _ payload: Data) {
            let sum = CacheFile.checksum(payload)
            for word in [key, UInt64(payload.count), sum] { withUnsafeBytes(of: word.littleEndian) { chunk.append(contentsOf: $0) } }
            newIndex[key] = Slot(range: (offset + 24)..<(offset + 24 + payload.count), sum: sum)
            offset += 24 + payload.count
            if payload.count > 1 << 20 {
                // A large record (a very long post) is written as it is, not copied into the chunk.
                flush()
                put(payload)
                return
            }
            payload.withUnsafeBytes { chunk.append(contentsOf: $0) }
            if chunk.count > 4 << 20 { flush() }
        }
        if !appending {
            for (key, slot) in index where used.contains(key) && made[key] == nil && madeEncoded[key] == nil {
                guard let stored = verifiedPayload(slot) else { continue }
                add(key, stored)
            }
        }
        for (key, value) in made { add(key, encode(value)) }
        for (key, data) in madeEncoded { add(key, data) }
        for (key, range) in madeInScratch {
            guard let data = scratch?.reader.read(range) else { continue }
            add(key, data)
        }
        flush()
        guard written else { // no new index file: the next build reads the pack record by record
            handToWarm(made: [], written: nil)
            return
        }
        if !appending { _ = io.rename(target.path, file.path) }
        Self.writeIndexFile(file.path, newIndex, io: io)
        handToWarm(made: Array(made.keys), written: newIndex)
    }

    /// Hands the values this build used to the next build of the process (`warm`). With
    /// `headBytes`, those it `made` are handed over as read back from the pack just `written`
    /// (their first bytes, the rest on disk), as a build reads stored values: a long-running
    /// process then holds no more of a value than a command-line build would have read.
    private func handToWarm(made: [UInt64], written: [UInt64: Slot]?) {
        guard let warm, let file else { return }
        var values = lock.withLock { touched }
        if let headBytes, let written, let reader = PackReader(path: file.path, io: io) {
            for key in made {
                guard let slot = written[key], let data = reader.read(slot.range.prefix(headBytes)),
                      let value = decode(StoredRecord(head: data, payload: slot.range, reader: reader)) else { continue }
                values[key] = value
            }
        }
        warm.keep(values, for: file)
    }
}

/// A record's fields in order: numbers as 8 bytes, strings as a length and UTF-8 bytes,
/// written into one `ByteBuffer` (a post's search tokens are hundreds of small fields).
struct CacheWriter: ~Copyable {
    private var buffer: ByteBuffer

    /// `capacity`: about how many bytes the record will have (a body's HTML and text).
    init(capacity: Int = 256) { buffer = ByteBuffer(capacity: capacity) }

    /// The record, handed over without a copy.
    consuming func finish() -> Data { buffer.finish() }

    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { buffer.append($0) } }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        utf8(value)
    }
    mutating func bytes(_ value: [UInt8]) { value.withUnsafeBytes { buffer.append($0) } }
    mutating func bytes(_ value: UnsafeBufferPointer<UInt8>) { buffer.append(UnsafeRawBufferPointer(value)) }
    /// A string's UTF-8 bytes, without its length, in one copy.
    mutating func utf8(_ value: String) {
        value.withUTF8Bytes { buffer.append(UnsafeRawBufferPointer($0)) }
    }
    /// 64-bit numbers in one copy, as the machine stores them: little-endian on every
    /// platform sitegen builds for (`CacheReader.words` reads them as little-endian).
    mutating func words(_ values: [UInt64]) { values.withUnsafeBytes { buffer.append($0) } }
    /// 32-bit numbers, likewise.
    mutating func halfwords(_ values: [UInt32]) { values.withUnsafeBytes { buffer.append($0) } }
    /// `count` bytes written by `fill` in place (a field of many small numbers, without an append each).
    mutating func raw(_ count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        buffer.append(zeroed: count, fill)
    }
}

/// The pack file, open for reading while a build (or a value read from it) needs it.
final class PackReader: Sendable {
    private let file: OpenFile
    /// A scratch file's: text read from it is read again each time, not kept (see `LazyText`).
    let isScratch: Bool

    init?(path: String, io: FileIO) {
        guard let file = io.open(path, .read) else { return nil }
        self.file = file
        isScratch = false
    }

    init(scratch file: OpenFile) {
        self.file = file
        isScratch = true
    }

    /// The bytes at `range` of the file (safe from any thread).
    func read(_ range: Range<Int>) -> Data? { file.read(range) }
}

/// One stored record: the bytes read so far (`head`, from its start) and the means to
/// read any other part of it, so large fields can stay on disk until a build reads them.
struct StoredRecord: @unchecked Sendable { // immutable bytes and a `PackReader`
    let head: Data
    /// The whole payload's place in the file.
    let payload: Range<Int>
    /// nil: `head` is the whole record.
    let reader: PackReader?

    /// Whether `head` is the whole record.
    var isWhole: Bool { head.count == payload.count }

    /// `fields` read from the head, or from the whole record when the head is too short for them.
    func decode<T>(_ fields: (Data) -> T?) -> T? {
        if let value = fields(head) { return value }
        guard !isWhole, let all = reader?.read(payload) else { return nil }
        return fields(all)
    }

    /// Bytes `range` of the record (counted from its start), read from disk unless already in
    /// `head` (the record was verified whole when it was first read).
    func bytes(_ range: Range<Int>) -> Data? {
        guard range.upperBound <= payload.count else { return nil }
        if range.upperBound <= head.count { return head.subdata(in: (head.startIndex + range.lowerBound)..<(head.startIndex + range.upperBound)) }
        return reader?.read((payload.lowerBound + range.lowerBound)..<(payload.lowerBound + range.upperBound))
    }
}

extension LazyText {
    /// The UTF-8 bytes at `range` of `record`, read each time they are used. Text in the
    /// scratch file (written by this build from a `String`) is handed over unchecked, as it was
    /// valid UTF-8 when written; text from a pack file is checked, as a file on disk may be damaged.
    convenience init(_ record: StoredRecord, _ range: Range<Int>) {
        self.init(stored: range.count, trusted: record.reader?.isScratch == true) { record.bytes(range) }
    }
}

/// Reads the fields back from a record's bytes, copied once into an array: read through
/// `Data`, every field went through Foundation's storage (an exclusivity check and a closure
/// context each: 30,000 instructions a cached document).
struct CacheReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    var isAtEnd: Bool { offset == bytes.count }
    /// How many bytes have been read.
    var position: Int { offset }

    mutating func int() -> Int? {
        guard offset + 8 <= bytes.count else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return Int(Int64(bitPattern: UInt64(littleEndian: value)))
    }

    /// Bytes left to read.
    private var remaining: Int { bytes.count - offset }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func words(_ count: Int) -> [UInt64]? { numbers(count) }

    /// `count` groups of `each` words (nil also when the total overflows).
    mutating func words(_ count: Int, each: Int) -> [UInt64]? {
        let (total, overflow) = count.multipliedReportingOverflow(by: each)
        return overflow ? nil : numbers(total)
    }

    mutating func halfwords(_ count: Int) -> [UInt32]? { numbers(count) }

    /// `count` little-endian numbers of `T`'s width.
    private mutating func numbers<T: FixedWidthInteger>(_ count: Int) -> [T]? {
        let width = MemoryLayout<T>.size
        guard count >= 0, count <= remaining / width else { return nil }
        let start = offset
        offset += count * width
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * width, as: T.self)) }
        }
    }

    mutating func string() -> String? {
        guard let range = stringRange() else { return nil }
        return bytes.withUnsafeBufferPointer { String(validUTF8: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Whether the next string is `expected` (a record's format line), read without making a `String`.
    mutating func string(is expected: String) -> Bool {
        guard let range = stringRange() else { return false }
        return bytes[range].elementsEqual(expected.utf8)
    }

    /// Where the next string's bytes are in the record (counted from its start), skipping them:
    /// for a `LazyText` that reads them only if asked.
    mutating func stringRange() -> Range<Int>? {
        guard let count = int(), count >= 0, count <= remaining else { return nil }
        let start = offset
        offset += count
        return start..<(start + count)
    }
}
