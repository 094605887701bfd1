import Foundation

/// One build of an output folder at a time: an exclusive `flock` on
/// `.sitegen-cache/<output>/lock`, held for the whole build. Two builds of one site (a
/// `build` beside a `serve`, two terminals) take turns instead of both changing the spare
/// generation and the caches. The system drops the lock when the process ends, however it ends.
/// The holder writes who it is into the file, so a build that has to wait can say whom it waits for.
enum BuildLock {
    /// How long a build waits quietly before it says it is waiting.
    static let quietWait: Duration = .seconds(1)

    /// `waiting`: told once, with a sentence naming the holder, when the lock is not free
    /// within `quietWait`; the build then goes on waiting.
    static func exclusively<R>(_ cache: BuildCache, waiting: ((Message) -> Void)? = nil, _ body: () throws -> R) throws -> R {
        try cache.makeFolder()
        let path = cache.folder.appendingPathComponent("lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw SiteError(file: path, Message("cache.lock_open_failed", ["problem": String(cString: strerror(errno))]))
        }
        defer { close(descriptor) } // closing drops the lock
        if !take(descriptor, within: quietWait) {
            waiting?(Message("build.waiting", ["holder": holder(descriptor), "lock": path]))
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    throw SiteError(file: path, Message("cache.lock_failed", ["problem": String(cString: strerror(errno))]))
                }
            }
        }
        let me = "process \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))"
        _ = ftruncate(descriptor, 0)
        _ = me.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return try body()
    }

    /// Tries the lock without blocking until `limit` has passed.
    private static func take(_ descriptor: Int32, within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else { return false }
            usleep(50_000)
        }
    }

    /// What the holder wrote of itself ("process 123, since …"), or a plain description.
    private static func holder(_ descriptor: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        let text = count > 0 ? String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return text.isEmpty ? "a process that did not say which" : text
    }
}
