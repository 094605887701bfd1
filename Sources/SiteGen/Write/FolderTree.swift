import Foundation

/// Whole-folder operations of the write stage: checking an output folder against a
/// manifest, deleting what a build no longer makes, removing a tree.
extension OutputFolder {
    /// Every folder holding the manifest's files (and the output folder itself, as ".")
    /// with its modification time in nanoseconds, taken right after a build: a file or
    /// folder added, removed or renamed inside changes it.
    static func folderStamps(_ folder: URL, _ manifest: OutputManifest) -> [String: Int] {
        let root = folder.standardizedFileURL.path
        var folders: Set<String> = ["."]
        for path in manifest.entries.keys {
            var parent = Substring(path)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                guard folders.insert(String(parent)).inserted else { break }
            }
        }
        var stamps: [String: Int] = [:]
        for relative in folders {
            var info = stat()
            guard stat(relative == "." ? root : root + "/" + relative, &info) == 0 else { continue }
            stamps[relative] = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        }
        return stamps
    }

    /// `matches`, without reading any folder: each folder's modification time is as
    /// `stamps` recorded (so nothing was added, removed or renamed in it) and each file is
    /// there at its size. A third of the cost of walking the tree.
    static func matches(_ folder: URL, _ manifest: OutputManifest, stamps: [String: Int]) -> Bool {
        let root = folder.standardizedFileURL.path
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let folders = Array(stamps)
        let files = Array(manifest.entries)
        let parts = 4
        let results = Parallel.map(Array(0..<parts)) { part -> Bool in
            for index in stride(from: part, to: folders.count, by: parts) {
                var info = stat()
                let (relative, stamp) = folders[index]
                guard fstatat(descriptor, relative, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
                      Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec) == stamp else { return false }
            }
            for index in stride(from: part, to: files.count, by: parts) {
                var info = stat()
                let (relative, entry) = files[index]
                guard fstatat(descriptor, relative, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                      Int(info.st_size) == entry.size else { return false }
            }
            return true
        }
        return results.allSatisfy { $0 }
    }

    /// Whether `folder` holds exactly the files of `manifest`, at their sizes (no file
    /// deleted, replaced or added by hand since). The top-level folders are walked on every
    /// core: a 10,000-post site's output is 25,000 files, and this check is most of a build
    /// that finds nothing to do.
    static func matches(_ folder: URL, _ manifest: OutputManifest) -> Bool {
        let root = folder.standardizedFileURL.path
        var folders: [String] = []
        var files = 0
        let topMatches = FolderEntries.forEach(in: root) { entry in
            if entry.isFolder {
                folders.append(entry.name)
                return true
            }
            files += 1
            return holds(entry, entry.name, manifest)
        }
        guard topMatches else { return false }
        let counts = Parallel.map(folders) { name in count(root + "/" + name, name, manifest) }
        var total = files
        for count in counts {
            guard let count else { return false }
            total += count
        }
        return total == manifest.entries.count
    }

    /// The files under `path`, or nil as soon as one is not in `manifest` at its size.
    private static func count(_ path: String, _ relative: String, _ manifest: OutputManifest) -> Int? {
        var total = 0
        let allMatch = FolderEntries.forEach(in: path) { entry in
            let child = relative + "/" + entry.name
            if entry.isFolder {
                guard let inner = count(path + "/" + entry.name, child, manifest) else { return false }
                total += inner
                return true
            }
            total += 1
            return holds(entry, child, manifest)
        }
        return allMatch ? total : nil
    }

    private static func holds(_ entry: FolderEntry, _ relative: String, _ manifest: OutputManifest) -> Bool {
        var info = stat()
        guard let expected = manifest.entries[relative], fstatat(entry.folder, entry.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) == expected.size
    }

    /// Deletes files under `folder` not in `keeping`, then folders left empty; returns how many files went.
    static func prune(_ folder: String, relative: String, keeping: Set<String>) -> Int {
        var deleted = 0
        var subfolders: [(String, String)] = []
        FolderEntries.forEach(in: folder) { entry in
            let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.isFolder {
                subfolders.append((folder + "/" + entry.name, path))
            } else if !keeping.contains(path) {
                unlink(folder + "/" + entry.name)
                deleted += 1
            }
            return true
        }
        for (path, relativePath) in subfolders {
            deleted += prune(path, relative: relativePath, keeping: keeping)
            rmdir(path) // only succeeds when empty
        }
        return deleted
    }

    /// Deletes a folder tree without following links. FileManager took a second for
    /// 1,600 files (it stats every entry twice); readdir with unlink/rmdir does not.
    static func removeTree(_ path: String) {
        let opened = FolderEntries.forEach(in: path) { entry in
            let child = path + "/" + entry.name
            if entry.isFolder { removeTree(child) } else { unlink(child) }
            return true
        }
        if opened { rmdir(path) } else { unlink(path) }
    }

    /// Writes a staged file with plain POSIX calls. Foundation's `Data.write` syncs every
    /// file to disk (fsync), a tenth of a clean build's time; staged files need no sync of
    /// their own, because the build becomes visible only when it is renamed into place.
    static func writeStaged(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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

    /// Whether the regular file at `path` holds exactly `bytes`.
    static func fileHolds(_ path: String, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let capacity = bytes.count + 1 // one more: a file that grew meanwhile differs
        var onDisk = [UInt8](repeating: 0, count: capacity)
        var filled = 0
        while filled < capacity {
            let result = onDisk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, capacity - filled) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { break }
            filled += result
        }
        guard filled == bytes.count else { return false }
        return filled == 0 || onDisk.withUnsafeBytes { disk in bytes.withUnsafeBytes { memcmp(disk.baseAddress!, $0.baseAddress!, filled) == 0 } }
    }
}
