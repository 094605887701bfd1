import Foundation

/// Whole-folder operations of the write stage: checking an output folder against a
/// manifest, taking its folders' stamps, deleting what a build does not make, removing a tree.
/// What differs in the output folder from what the last build left there (`OutputFolder.check`).
struct OutputCheck: Sendable {
    /// Folders whose modification time is not the one recorded, or that are gone.
    var folders: Set<String> = []
    /// Files that are gone or not at their recorded size.
    var files: Set<String> = []
    /// The output folder is exactly as the last build left it.
    var isExact: Bool { folders.isEmpty && files.isEmpty }
}

extension OutputFolder {
    /// What this build made, by path: what a prune keeps.
    typealias Made = [String: OutputManifest.Entry]

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
        // One stat per folder, 12,000 of them at 10,000 posts: on every core.
        let found = Parallel.map(Array(folders)) { relative in folderStamp(relative, in: root).map { (relative, $0) } }
        return Dictionary(found.compactMap { $0 }, uniquingKeysWith: { first, _ in first })
    }

    /// One output folder's modification time (nil: it is gone); "." is the output folder itself.
    static func folderStamp(_ relative: String, in root: String) -> Int? {
        var info = stat()
        guard stat(relative == "." ? root : root + "/" + relative, &info) == 0 else { return nil }
        return FileStamp.nanoseconds(info.st_mtim)
    }

    /// Checks `folder` against what the last build left there (`manifest`, `stamps`) without
    /// reading any folder: a folder whose modification time is not the one recorded had a
    /// file or folder added, removed or renamed in it (or is gone), and a file not there at
    /// its recorded size was deleted or replaced by hand. A third of the cost of walking the
    /// 12,000 folders of a 10,000-post site's output. Nil: there is no output folder.
    /// Done once, before the build: a build that is not up to date trusts it for every file it
    /// keeps (`OutputFolder.isOnDisk`), which spared 40,000 stats of an edit build.
    static func check(_ folder: URL, _ manifest: OutputManifest, stamps: [String: Int]) -> OutputCheck? {
        let root = folder.standardizedFileURL.path
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let folders = Array(stamps)
        let files = Array(manifest.entries)
        // Small parts: a thread that comes free (the fingerprint's, see `BuildCache`) takes the next.
        let parts = 32
        let found = Parallel.map(Array(0..<parts)) { part -> OutputCheck in
            var changed = OutputCheck()
            for index in stride(from: part, to: folders.count, by: parts) {
                var info = stat()
                let (relative, stamp) = folders[index]
                if fstatat(descriptor, relative, &info, AT_SYMLINK_NOFOLLOW) != 0 || (info.st_mode & S_IFMT) != S_IFDIR
                    || FileStamp.nanoseconds(info.st_mtim) != stamp { changed.folders.insert(relative) }
            }
            for index in stride(from: part, to: files.count, by: parts) {
                var info = stat()
                let (relative, entry) = files[index]
                if fstatat(descriptor, relative, &info, AT_SYMLINK_NOFOLLOW) != 0 || (info.st_mode & S_IFMT) != S_IFREG
                    || Int(info.st_size) != entry.size { changed.files.insert(relative) }
            }
            return changed
        }
        return found.reduce(into: OutputCheck()) { all, part in
            all.folders.formUnion(part.folders)
            all.files.formUnion(part.files)
        }
    }

    /// Deletes files under `folder` not in `keeping`, then folders left empty; returns how many files went.
    static func prune(_ folder: String, relative: String, keeping: Made) -> Int {
        pruneTree(folder, relative: relative, keeping: SharedReadOnly(value: keeping)).deleted
    }

    /// `prune`, and whether the folder is left empty. A folder that keeps something is not
    /// asked to go (a failing `rmdir` for each of a clean build's 12,000 folders), and a
    /// folder of many folders (`posts/`) is pruned on every core.
    private static func pruneTree(_ folder: String, relative: String, keeping: SharedReadOnly<Made>) -> (deleted: Int, empty: Bool) {
        var deleted = 0
        var keptFiles = false
        var subfolders: [(String, String)] = []
        FolderEntries.forEach(in: folder) { entry in
            let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.isFolder {
                subfolders.append((folder + "/" + entry.name, path))
            } else if keeping.value[path] == nil {
                unlink(folder + "/" + entry.name)
                deleted += 1
            } else {
                keptFiles = true
            }
            return true
        }
        let found = SharedReadOnly(value: subfolders)
        let results = subfolders.count >= 64
            ? Parallel.map(Array(subfolders.indices)) { pruneTree(found.value[$0].0, relative: found.value[$0].1, keeping: keeping) }
            : subfolders.map { pruneTree($0.0, relative: $0.1, keeping: keeping) }
        var keptFolders = false
        for (index, result) in results.enumerated() {
            deleted += result.deleted
            if result.empty, rmdir(subfolders[index].0) == 0 { continue }
            keptFolders = true
        }
        return (deleted, !keptFiles && !keptFolders)
    }

    /// Deletes a folder tree without following links. FileManager took a second for
    /// 1,600 files (it stats every entry twice); readdir with unlink/rmdir does not.
    /// A link (even one to a folder) is removed itself, never what it points at.
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            unlink(path)
            return
        }
        FolderEntries.forEach(in: path) { entry in
            let child = path + "/" + entry.name
            if entry.isFolder { removeTree(child) } else { unlink(child) }
            return true
        }
        rmdir(path)
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
    /// Opened first and asked after (one walk of the path, not two: a clean build asks this of
    /// every file it makes): not through a symbolic link, and without waiting on a pipe.
    static func fileHolds(_ path: String, _ bytes: [UInt8]) -> Bool {
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
                let result = read(descriptor, buffer.baseAddress! + filled, capacity - filled)
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
