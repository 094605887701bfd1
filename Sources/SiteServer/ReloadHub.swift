/// Fans rebuild events out to every open page's event stream.
public actor ReloadHub {
    public enum Event: String, Sendable {
        /// The site was rebuilt: reload the page.
        case reload
        /// Only stylesheets changed: swap them without a reload.
        case css
        /// The build failed: reload to show the overlay.
        case errorOverlay = "error-overlay"
    }

    private var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
    private var nextID = 0
    private var finished = false

    public init() {}

    public func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        if finished {
            continuation.finish()
            return stream
        }
        let id = nextID
        nextID += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.remove(id) } }
        return stream
    }

    private func remove(_ id: Int) { subscribers[id] = nil }

    /// How many pages are listening.
    public var subscriberCount: Int { subscribers.count }

    public func send(_ event: Event) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// Ends every stream, so a shutting-down server is not held open by browsers.
    public func finishAll() {
        finished = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }
}
