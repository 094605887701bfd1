import Foundation

/// A file's size and modification time (nanoseconds): what "has this file changed?"
/// compares, for the input fingerprint, static copies and the binary's identity.
struct FileStamp: Equatable {
    let size: Int
    let modified: Int

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int(info.st_size)
        modified = Self.nanoseconds(info.st_mtim)
    }

    /// A modification time as one number, in nanoseconds.
    static func nanoseconds(_ time: timespec) -> Int {
        Int(time.tv_sec) &* 1_000_000_000 &+ Int(time.tv_nsec)
    }
}

extension StableHasher {
    mutating func combine(_ stamp: FileStamp) {
        combine(stamp.size)
        combine(stamp.modified)
    }
}
