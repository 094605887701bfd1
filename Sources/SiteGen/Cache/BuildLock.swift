import Foundation

/// One build of an output folder at a time: an exclusive `flock` on
/// `.sitegen-cache/<output>/lock`, held for the whole build. Two builds of one site (a
/// `build` beside a `serve`, two terminals) take turns instead of both changing the spare
/// generation and the caches. The system drops the lock when the process ends, however it ends.
enum BuildLock {
    static func exclusively<R>(_ cache: BuildCache, _ body: () throws -> R) throws -> R {
        try? FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true)
        let path = cache.folder.appendingPathComponent("lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SiteError(file: path, message: "the build lock could not be opened: \(String(cString: strerror(errno)))",
                            hint: "check that the folder beside the output folder is writable")
        }
        defer { close(descriptor) } // closing drops the lock
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw SiteError(file: path, message: "the build lock could not be taken: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}
