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

    /// Size, modification and change times and inode, hashed: a file saved again (even with
    /// its modification time set back, as `rsync -t` or `touch -d` do) gets a new change time.
    static func identity(_ path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return identity(of: info)
    }

    static func identity(of info: stat) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(Int(info.st_size))
        hasher.combine(nanoseconds(info.st_mtim))
        hasher.combine(nanoseconds(info.st_ctim))
        hasher.combine(Int(bitPattern: UInt(info.st_ino)))
        return hasher.value
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
