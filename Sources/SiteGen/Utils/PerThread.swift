import Foundation

/// A read-only value that every rendering thread reads often, handed to each thread as a
/// copy of its own. Why: reading a shared value retains and releases its storage, and with
/// both cores on one object its reference count went back and forth between their caches
/// (`swift_retain` was a quarter of the post pages' time). `copy` must make new storage.
final class PerThread<Value>: @unchecked Sendable {
    private let original: Value
    private let copy: (Value) -> Value
    /// The slot in each thread's dictionary: one per kind of value, so a long-running
    /// process keeps one copy per thread, the latest build's.
    private let slot: String

    init(_ value: Value, slot: String, copy: @escaping (Value) -> Value) {
        original = value
        self.copy = copy
        self.slot = "sitegen." + slot
    }

    /// This thread's copy, made on first use.
    var value: Value {
        let threads = Thread.current.threadDictionary
        if let box = threads[slot] as? Box, box.owner === self { return box.value }
        let box = Box(owner: self, value: copy(original))
        threads[slot] = box
        return box.value
    }

    private final class Box {
        weak var owner: PerThread?
        let value: Value
        init(owner: PerThread, value: Value) {
            self.owner = owner
            self.value = value
        }
    }
}

extension String {
    /// The same text in storage of its own (for `PerThread` copies: a plain copy of a
    /// `String` shares its storage, and so its reference count).
    var unshared: String { String(decoding: Array(utf8), as: UTF8.self) }
}
