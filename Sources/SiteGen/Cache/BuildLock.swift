import Foundation

/// One build of an output folder at a time: an exclusive lock on `.sitegen-cache/<output>/lock`
/// (`FileIO.lock`: a `flock` on the disk), held for the whole build. Two builds of one site (a
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
        let lock = try cache.io.lock(path)
        return try withExtendedLifetime(lock) { // held until the build is done: letting go of it releases it
            if !take(lock, within: quietWait) {
                let holder = lock.holder
                waiting?(Message("build.waiting", ["holder": holder.isEmpty ? "a process that did not say which" : holder, "lock": path]))
                try lock.wait()
            }
            lock.claim("process \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))")
            return try body()
        }
    }

    /// Tries the lock without blocking until `limit` has passed.
    private static func take(_ lock: FileLock, within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            if lock.take() { return true }
            guard ContinuousClock.now < deadline else { return false }
            usleep(50_000)
        }
    }
}
