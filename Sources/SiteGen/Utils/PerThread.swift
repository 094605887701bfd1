import Foundation

/// A read-only value that every rendering thread reads often, handed to each thread as a
/// copy of its own. Why: reading a shared value retains and releases its storage, and with
/// both cores on one object its reference count went back and forth between their caches
/// (`swift_retain` was a quarter of the post pages' time). `copy` must make new storage.
final class PerThread<Value>: @unchecked Sendable { // its fields never change; each thread reads only the copy under its own pthread key
    private let original: Value
    private let copy: (Value) -> Value
    /// The slot each thread keeps its copy in: one per kind of value, so a long-running
    /// process keeps one copy per thread, the latest build's.
    private let key: pthread_key_t
    /// Which `PerThread` a thread's copy was made for (a later build's replaces it).
    private let id = PerThreadSlots.nextID()

    init(_ value: Value, slot: String, copy: @escaping (Value) -> Value) {
        original = value
        self.copy = copy
        key = PerThreadSlots.key(slot)
    }

    /// This thread's copy, made on first use. Through `pthread_getspecific`: the thread
    /// dictionary it used before hashed the slot's name as an `NSString` and cast the entry
    /// back, 5,000 instructions a read, read four times a page.
    var value: Value {
        if let raw = pthread_getspecific(key) {
            let held = Unmanaged<PerThreadSlots.Held>.fromOpaque(raw).takeUnretainedValue()
            // Only this `PerThread` stores a `Box<Value>` under its id.
            if held.owner == id { return unsafeDowncast(held, to: Box.self).value }
            Unmanaged.passUnretained(held).release()
        }
        let box = Box(owner: id, value: copy(original))
        pthread_setspecific(key, Unmanaged.passRetained(box).toOpaque())
        return box.value
    }

    private final class Box: PerThreadSlots.Held {
        let value: Value
        init(owner: UInt64, value: Value) {
            self.value = value
            super.init(owner: owner)
        }
    }
}

/// The thread-specific slots `PerThread` values are kept in, one key per kind (made once:
/// a process has only so many keys, and `serve` makes a `PerThread` for every build).
enum PerThreadSlots {
    class Held {
        let owner: UInt64
        init(owner: UInt64) { self.owner = owner }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var keys: [String: pthread_key_t] = [:] // under `lock`
    nonisolated(unsafe) private static var lastID: UInt64 = 0 // under `lock`

    static func key(_ slot: String) -> pthread_key_t {
        lock.withLock {
            if let key = keys[slot] { return key }
            var key = pthread_key_t()
            // A thread's copy goes with the thread.
            pthread_key_create(&key) { raw in raw.map { Unmanaged<Held>.fromOpaque($0).release() } }
            keys[slot] = key
            return key
        }
    }

    static func nextID() -> UInt64 {
        lock.withLock {
            lastID += 1
            return lastID
        }
    }
}

extension String {
    /// The same text in storage of its own (for `PerThread` copies: a plain copy of a
    /// `String` shares its storage, and so its reference count).
    var unshared: String { String(decoding: Array(utf8), as: UTF8.self) }
}

extension Array where Element == UInt8 {
    /// The same bytes in storage of their own (see `String.unshared`).
    var unshared: [UInt8] { withUnsafeBufferPointer { Array($0) } }
}
