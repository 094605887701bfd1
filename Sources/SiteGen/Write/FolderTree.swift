import Foundation

/// Whole-folder operations of the write stage: checking an output folder against a
/// manifest, taking its folders' stamps, deleting what a build does not make.

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
    static func folderStamps(_ folder: URL, _ manifest: OutputManifest, io: FileIO) -> [String: Int] {
        let root = folder.standardizedFileURL.path
        var folders: Set<String> = ["."]
        for path in manifest.entries.keys {
            var parent = Substring(path)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                guard folders.insert(String(parent)).inserted else { break }
            }
        }
        let relatives = Array(folders)
        let found = io.statuses(relatives, root)
        var stamps: [String: Int] = [:]
        stamps.reserveCapacity(relatives.count)
        for (relative, status) in zip(relatives, found) where status?.kind == .folder { stamps[relative] = status!.modified }
        return stamps
    }

    /// Checks `folder` against what the last build left there (`manifest`, `stamps`) without
    /// reading any folder: a folder whose modification time is not the one recorded had a
    /// file or folder added, removed or renamed in it (or is gone), and a file not there at
    /// its recorded size was deleted or replaced by hand. A third of the cost of walking the
    /// 12,000 folders of a 10,000-post site's output. Nil: there is no output folder.
    /// Done once, before the build: a build that is not up to date trusts it for every file it
    /// keeps (`OutputFolder.isOnDisk`), which spared 40,000 stats of an edit build.
    static func check(_ folder: URL, _ manifest: OutputManifest, stamps: [String: Int], io: FileIO) -> OutputCheck? {
        let root = folder.standardizedFileURL.path
        guard io.status(root, true)?.kind == .folder else { return nil }
        let folders = Array(stamps)
        let files = Array(manifest.entries)
        let found = io.statuses(folders.map(\.key) + files.map(\.key), root)
        var changed = OutputCheck()
        for (index, (relative, stamp)) in folders.enumerated() {
            let status = found[index]
            if status?.kind != .folder || status?.modified != stamp { changed.folders.insert(relative) }
        }
        for (index, (relative, entry)) in files.enumerated() {
            let status = found[folders.count + index]
            if status?.kind != .file || status?.size != entry.size { changed.files.insert(relative) }
        }
        return changed
    }

    /// Deletes files under `folder` not in `keeping`, then folders left empty; returns how many files went.
    static func prune(_ folder: String, relative: String, keeping: Made, io: FileIO) -> Int {
        pruneTree(folder, relative: relative, keeping: SharedReadOnly(value: keeping), io: io).deleted
    }

    /// `prune`, and whether the folder is left empty. A folder that keeps something is not
    /// asked to go (a failing `rmdir` for each of a clean build's 12,000 folders), and a
    /// folder of many folders (`posts/`) is pruned on every core.
    private static func pruneTree(_ folder: String, relative: String, keeping: SharedReadOnly<Made>, io: FileIO) -> (deleted: Int, empty: Bool) {
        var deleted = 0
        var keptFiles = false
        var subfolders: [(String, String)] = []
        for entry in io.entries(folder) ?? [] {
            let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.isFolder {
                subfolders.append((folder + "/" + entry.name, path))
            } else if keeping.value[path] == nil {
                _ = io.remove(folder + "/" + entry.name)
                deleted += 1
            } else {
                keptFiles = true
            }
        }
        let found = SharedReadOnly(value: subfolders)
        let results = subfolders.count >= 64
            ? Parallel.map(Array(subfolders.indices)) { pruneTree(found.value[$0].0, relative: found.value[$0].1, keeping: keeping, io: io) }
            : subfolders.map { pruneTree($0.0, relative: $0.1, keeping: keeping, io: io) }
        var keptFolders = false
        for (index, result) in results.enumerated() {
            deleted += result.deleted
            if result.empty, io.removeFolder(subfolders[index].0) { continue }
            keptFolders = true
        }
        return (deleted, !keptFiles && !keptFolders)
    }
}
