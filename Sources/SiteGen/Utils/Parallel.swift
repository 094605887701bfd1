import Foundation

/// Work spread over every core, for the independent per-post parts of a build.
enum Parallel {
    /// A buffer several threads write into, each at its own index.
    private struct Slots<R>: @unchecked Sendable { // each thread writes only its own indices; read after every thread finished
        let base: UnsafeMutablePointer<R>
    }

    /// `items.map(transform)`, in parallel, results in order.
    static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        return [R](unsafeUninitializedCapacity: items.count) { buffer, count in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                (slots.base + index).initialize(to: transform(items[index]))
            }
            count = items.count
        }
    }

    /// `items = items.map(transform)`, in parallel, each item moved into `transform`
    /// rather than copied, so what an item's old value held is freed as the work goes.
    static func update<T>(_ items: inout [T], _ transform: @Sendable (consuming T) -> T) {
        guard !items.isEmpty else { return }
        items.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { index in
                (slots.base + index).initialize(to: transform((slots.base + index).move()))
            }
        }
    }

    private final class FirstFailure: @unchecked Sendable { // `failure` only under `lock`
        let lock = NSLock()
        var failure: (index: Int, error: Error)?
        func record(_ index: Int, _ error: Error) {
            lock.withLock { if failure == nil || index < failure!.index { failure = (index, error) } }
        }
    }

    /// Runs `body` for every index in parallel; the first error (in index order) is rethrown.
    static func forEach(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let first = FirstFailure()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do { try body(index) } catch { first.record(index, error) }
        }
        if let failure = first.failure { throw failure.error }
    }

    /// Two independent pieces of work, side by side: `second` on another thread, `first` on
    /// this one, so `first` may use `Parallel` at its full width (an apply nested in another
    /// apply's worker runs serially: the content load took twice as long that way).
    static func pair<A, B>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
        let other = later(second)
        return (first(), other.value)
    }

    /// `work` started on another thread now, its result taken (waited for) when wanted.
    static func later<T>(_ work: @escaping @Sendable () -> T) -> Later<T> {
        let later = Later<T>()
        DispatchQueue.global().async(group: later.done) { later.result = work() }
        return later
    }

    /// Written by one thread, read by another after it finished (the group orders the two).
    final class Later<T>: @unchecked Sendable { // `result` written before `done` leaves, read after `done.wait()`
        fileprivate let done = DispatchGroup()
        fileprivate var result: T?
        var value: T {
            done.wait()
            return result!
        }
    }

    /// Lets go of a finished build's model on another thread: freeing the hundreds of
    /// thousands of objects of a 10,000-post site took a quarter of a second, which a
    /// build (and `sitegen build`, which exits right after) need not wait for.
    /// `value` (a tuple, for several) is moved in: with a list of `Any` the caller's own list
    /// still held everything, and freed it on the caller's thread whenever it let go last.
    static func releaseInBackground<Value>(_ value: consuming Value) {
        let box = Released(value)
        Thread.detachNewThread { box.value = nil }
    }

    private final class Released<Value>: @unchecked Sendable { // handed whole to one thread, which alone clears it
        var value: Value?
        init(_ value: consuming Value) { self.value = value }
    }
}

/// Read-only values (template dictionaries hold `Any`, which is not `Sendable`) shared
/// with the threads of `Parallel`; nothing writes them while the threads run. A class:
/// closures that capture it copy one reference, not every field of the value (a copy of
/// `TemplateValues` per post retained all its arrays).
final class SharedReadOnly<Value>: @unchecked Sendable { // nothing writes `value` while other threads hold it
    let value: Value
    init(value: Value) { self.value = value }
}
