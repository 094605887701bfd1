import Foundation

/// A count that closures on any thread may add to (a test's `FileIO` or renderer hook).
final class Counter: @unchecked Sendable { // `value` only under `lock`
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
