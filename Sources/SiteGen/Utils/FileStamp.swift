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
        modified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
    }
}

extension StableHasher {
    mutating func combine(_ stamp: FileStamp) {
        combine(stamp.size)
        combine(stamp.modified)
    }
}
