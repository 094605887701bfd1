import CLinux
import Foundation

/// `FileIO.disk`: the seam's operations as plain POSIX calls. Foundation's file calls made
/// URLs and options for each file, stat'ed every entry twice, and synced every write; at
/// 25,000 output files those costs were most of a build's time on the disk.
enum DiskFiles {
    static let io = FileIO(
        read: { try DiskListing.read($0) },
        list: { folder, root in DiskListing.list(under: folder, root: root) },
        exists: { access($0, F_OK) == 0 },
        identity: FileStamp.identity,
        listIdentities: { folder, root in DiskListing.filesWithIdentities(under: folder, root: root) },
        status: { path, following in
            var info = stat()
            guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
            return status(of: info)
        },
        statuses: statuses,
        entries: { folder in
            var items: [FolderItem] = []
            guard FolderEntries.forEach(in: folder, { items.append(FolderItem(name: $0.name, isFolder: $0.isFolder)); return true }) else { return nil }
            return items
        },
        holds: fileHolds,
        write: { path, bytes in try write(bytes, to: path, flags: O_TRUNC) },
        replace: { path, bytes in
            // A new name in the same folder, then a rename over the old one.
            let temporary = path + ".sitegen-new-\(getpid())-\(UInt32.random(in: 0 ... .max))"
            do {
                try write(bytes, to: temporary, flags: O_EXCL)
                guard Foundation.rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } catch {
                unlink(temporary)
                throw error
            }
        },
        copy: { from, to in try FileManager.default.copyItem(atPath: from, toPath: to) },
        makeFolder: { mkdir($0, 0o755) == 0 },
        remove: { unlink($0) == 0 },
        removeFolder: { rmdir($0) == 0 },
        rename: { Foundation.rename($0, $1) == 0 },
        link: { Foundation.link($0, $1) == 0 },
        exchange: { sitegen_exchange_paths($0, $1) == 0 },
        sync: { folder in
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return }
            sitegen_sync_file_system(descriptor)
            close(descriptor)
        },
        open: { path, mode in
            let descriptor = switch mode {
            case .read: Foundation.open(path, O_RDONLY | O_CLOEXEC)
            case .write: Foundation.open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
            case .scratch: Foundation.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            }
            guard descriptor >= 0 else { return nil }
            if mode == .scratch { unlink(path) }
            return DiskFile(descriptor)
        },
        lock: { path in try DiskLock(path) }
    )

    private static func status(of info: stat) -> FileStatus {
        let kind: FileStatus.Kind = switch info.st_mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .folder
        default: .other
        }
        return FileStatus(kind: kind, size: Int(info.st_size), modified: FileStamp.nanoseconds(info.st_mtim))
    }

    /// `fstatat` in the open root folder, on every core: a `stat` of each whole path would
    /// look up every folder from `/` again.
    private static func statuses(_ relatives: [String], _ root: String) -> [FileStatus?] {
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return Array(repeating: nil, count: relatives.count) }
        defer { close(descriptor) }
        // Small parts: a thread that comes free (the fingerprint's, see `BuildCache`) takes the next.
        let parts = 32
        let found = Parallel.map(Array(0..<parts)) { part -> [FileStatus?] in
            stride(from: part, to: relatives.count, by: parts).map { index in
                var info = stat()
                return fstatat(descriptor, relatives[index], &info, AT_SYMLINK_NOFOLLOW) == 0 ? status(of: info) : nil
            }
        }
        var result = [FileStatus?](repeating: nil, count: relatives.count)
        for (part, statuses) in found.enumerated() {
            for (offset, status) in statuses.enumerated() { result[part + offset * parts] = status }
        }
        return result
    }

    /// Writes a file with plain POSIX calls, unsynced: Foundation's `Data.write` syncs every
    /// file (a tenth of a clean build); a build's files become visible only when renamed into
    /// place, after one sync of the whole file system (`Generations`).
    private static func write(_ bytes: [UInt8], to path: String, flags: Int32) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | flags, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            written += result
        }
    }

    /// Opened first and asked after (one walk of the path, not two: a clean build asks this of
    /// every file it makes): not through a symbolic link, and without waiting on a pipe.
    private static func fileHolds(_ path: String, _ bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        let capacity = bytes.count + 1 // one more: a file that grew meanwhile differs
        // Not zeroed first: only the bytes read are compared.
        var filled = 0
        let onDisk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            while filled < capacity {
                let result = Foundation.read(descriptor, buffer.baseAddress! + filled, capacity - filled)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { break }
                filled += result
            }
            count = filled
        }
        guard filled == bytes.count else { return false }
        return filled == 0 || onDisk.withUnsafeBytes { disk in bytes.withUnsafeBytes { memcmp(disk.baseAddress!, $0.baseAddress!, filled) == 0 } }
    }
}

enum DiskListing {
    /// A whole file, with plain POSIX calls: `Data(contentsOf: URL)` cost a tenth of
    /// loading a 10,000-post site in making URLs and options.
    static func read(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CocoaError.error(errno == ENOENT ? .fileReadNoSuchFile : .fileReadUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        var info = stat()
        // One byte more than the file holds: the read that finds its end needs no larger buffer.
        var buffer = ByteBuffer(capacity: (fstat(descriptor, &info) == 0 ? max(Int(info.st_size), 0) : 0) + 1)
        while true {
            let result = buffer.read(from: descriptor) // grows the buffer if the file grew since fstat
            if result < 0 {
                if errno == EINTR { continue }
                throw CocoaError.error(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            if result == 0 { return buffer.finish() }
        }
    }

    static func files(under folder: String, root: String) -> [String] {
        listing(under: folder, root: root, identities: false).files.map(\.path)
    }

    static func list(under folder: String, root: String) -> FileListing {
        let (files, skipped) = listing(under: folder, root: root, identities: false)
        return FileListing(files: files.map(\.path), skippedLinks: skipped)
    }

    /// The same with each file's identity (`FileStamp.identity`), taken by `fstatat` in the
    /// open folder: a `stat` of the whole path looked up every folder from the root again.
    static func filesWithIdentities(under folder: String, root: String) -> [(path: String, identity: UInt64)] {
        listing(under: folder, root: root, identities: true).files
    }

    /// The files below `folder`, and the links it skipped.
    private static func listing(under folder: String, root: String, identities: Bool)
        -> (files: [(path: String, identity: UInt64)], skipped: [String]) {
        let rootReal = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        // The folder itself may be a link (this repository's Templates/ is); list what it
        // points at, as long as that is inside the site.
        let folder = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard folder == rootReal || folder.hasPrefix(rootReal + "/") else { return ([], []) }
        var result: [(path: String, identity: UInt64)] = []
        var skipped: [String] = []
        walk(folder, relative: "", rootReal: rootReal, identities: identities, into: &result, skipped: &skipped)
        // In the order of the paths' bytes, which for text in NFC (as nearly all file names
        // are) is `String`'s order, without `String` comparison's cost (a tenth of listing).
        return (ByteKey.byteOrder(result.map(\.path)).map { result[$0] }, skipped.sorted())
    }

    /// readdir, not FileManager's enumerator: listing a 10,000-post site is on the path
    /// of every build, and the enumerator stats and resolves every entry.
    private static func walk(_ path: String, relative: String, rootReal: String, identities: Bool,
                             into result: inout [(path: String, identity: UInt64)], skipped: inout [String]) {
        FolderEntries.forEach(in: path) { entry in
            let name = entry.name
            guard !name.hasPrefix(".") || entry.isFolder else { return true } // editor droppings, .DS_Store
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            if entry.isFolder {
                walk(path + "/" + name, relative: child, rootReal: rootReal, identities: identities, into: &result, skipped: &skipped)
            } else if entry.type == Int32(DT_REG) {
                guard !identities || fstatat(entry.folder, name, &info, 0) == 0 else { return true }
                result.append((child, identities ? FileStamp.identity(of: info) : 0))
            } else {
                // A symlink may point anywhere; only follow it to a file that stays inside the site.
                // (Links to folders are not followed; unknown types are checked the same way.)
                let full = path + "/" + name
                guard stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                      let resolved = realpath(full, nil) else {
                    skipped.append(child)
                    return true
                }
                let real = String(cString: resolved)
                free(resolved)
                if real == rootReal || real.hasPrefix(rootReal + "/") {
                    result.append((child, FileStamp.identity(of: info)))
                } else {
                    skipped.append(child)
                }
            }
            return true
        }
    }
}

/// `FileIO.open`'s file on the disk: `pread` and `pwrite` on a descriptor that stays open while it lives.
final class DiskFile: OpenFile, @unchecked Sendable { // only positioned reads and writes, safe from any thread
    private let descriptor: Int32

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        while true {
            let result = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            written += result
        }
        return true
    }

    var size: Int? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
    }
}

/// `FileIO.lock` on the disk: an exclusive `flock`, which the system drops when the process
/// ends, however it ends.
final class DiskLock: FileLock {
    private let descriptor: Int32
    private let path: String

    init(_ path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw SiteError(file: path, Message("cache.lock_open_failed", ["problem": String(cString: strerror(errno))]))
        }
    }

    deinit { close(descriptor) } // closing drops the lock

    func take() -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EINTR else { return false }
        }
        return true
    }

    func wait() throws {
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw SiteError(file: path, Message("cache.lock_failed", ["problem": String(cString: strerror(errno))]))
            }
        }
    }

    var holder: String {
        var bytes = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        return count > 0 ? String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    func claim(_ holder: String) {
        _ = ftruncate(descriptor, 0)
        _ = holder.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }
}
