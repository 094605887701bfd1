import CLinux
import Foundation

/// The two generations of an output folder: the live one (`Public/`) and a spare beside it
/// (`.Public.sitegen-spare/`), the build before, sharing the files that did not change
/// (hard links). `commit` brings the spare up to the new build and the two trade places
/// in one rename (`RENAME_EXCHANGE`), so the live folder is at every moment exactly one
/// complete build, the old or the new, whatever moment a build is killed or the power fails.
///
/// The spare's manifest (`.Public.sitegen-spare.tsv`) says what it holds, so bringing it up
/// to date touches only what changed in the last two builds. It is removed before the spare
/// is touched and written again after the swap: the old live folder's manifest when it was
/// exactly as that says, else (a clean build, files changed by hand) what this build kept of
/// it, once the rest is deleted. Without one, the next build makes the spare anew.
/// Files are never written in place: a changed file is a new file renamed over the old
/// name, so a file one generation shares with the other is never altered through it.
struct Generations {
    typealias Made = OutputFolder.Made

    let live: String
    let spare: String
    let spareManifest: String

    init(destination: URL) {
        let parent = destination.deletingLastPathComponent().path
        let name = destination.lastPathComponent
        live = destination.path
        spare = parent + "/." + name + ".sitegen-spare"
        spareManifest = spare + ".tsv"
    }

    /// Makes the new build live. `made`: every file of the new build; `written`: the ones this
    /// build wrote into `staging` (the others are the live folder's, unchanged). `liveManifest`:
    /// what the live folder holds, when it is exactly that. Returns how many files of the old
    /// live folder were found and deleted that the new build does not make (only counted
    /// when there is no such manifest).
    @discardableResult
    func commit(made: Made, written: Set<String>, staging: String, liveManifest: OutputManifest?) throws -> Int {
        var info = stat()
        guard lstat(live, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            // No live build yet: the staging folder is the whole build (a file or link in its
            // place goes, not what a link points at). On disk before it is renamed into place,
            // as every build is: a first build cut by a power failure must not come back as
            // empty files, nor leave its writes for the next build's sync to wait for.
            Self.syncFileSystem(of: staging)
            Self.removeTree(live)
            guard rename(staging, live) == 0 else { throw failure(Message("output.not_moved")) }
            return 0
        }
        let spareHolds = loadSpareManifest()
        unlink(spareManifest) // the spare is being changed: what it holds is known again only after the swap
        if let spareHolds, lstat(spare, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            try update(holding: spareHolds, to: made, written: written, staging: staging)
        } else {
            try makeSpare(made: made, written: written, staging: staging)
        }
        Self.syncFileSystem(of: spare) // the new build on disk before it becomes live
        try exchange()
        // The old live folder is the spare now: what it holds, as far as it is known.
        var oldLiveHolds = liveManifest?.entries ?? [:]
        var deleted = 0
        if liveManifest == nil {
            // Its files this build did not make (and links, which are never followed) go; what is
            // left of the files it kept, as regular files of their size, is what it holds.
            deleted = OutputFolder.prune(spare, relative: "", keeping: made)
            oldLiveHolds = made.filter { !written.contains($0.key) && Self.isRegularFile(spare + "/" + $0.key, size: $0.value.size) }
        }
        CacheFile.write(OutputManifest(entries: oldLiveHolds).serializedBytes(), to: URL(fileURLWithPath: spareManifest))
        return deleted
    }

    /// Writes everything the file system holding `folder` has pending to disk (syncfs).
    private static func syncFileSystem(of folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        sitegen_sync_file_system(descriptor)
        close(descriptor)
    }

    /// What the spare holds, as its manifest says (nil: not known).
    private func loadSpareManifest() -> Made? {
        guard let data = CacheFile.read(URL(fileURLWithPath: spareManifest), repairs: nil), let text = String(validUTF8: data) else { return nil }
        return OutputManifest.parse(text)?.entries
    }

    /// Brings the spare from what it holds (`held`) to the new build: written files renamed in,
    /// files changed since it was live linked from the live folder, files no longer made removed.
    private func update(holding held: Made, to made: Made, written: Set<String>, staging: String) throws {
        let folders = FolderMaker(root: spare)
        for relative in written {
            try folders.makeParent(of: relative)
            let target = spare + "/" + relative
            Self.removeIfFolder(target)
            guard rename(staging + "/" + relative, target) == 0 else { throw failure(Message("output.not_moved"), relative) }
        }
        for (relative, entry) in made where !written.contains(relative) {
            if let old = held[relative], old.hash == entry.hash, old.size == entry.size { continue }
            try folders.makeParent(of: relative)
            try linkFromLive(relative)
        }
        for relative in held.keys where made[relative] == nil {
            unlink(spare + "/" + relative)
            Self.removeEmptyParents(of: relative, in: spare)
        }
        Self.removeTree(staging) // only folders are left in it
    }

    /// Makes the spare anew: the staging folder, with every file it did not write linked
    /// from the live folder, becomes it.
    private func makeSpare(made: Made, written: Set<String>, staging: String) throws {
        Self.removeTree(spare)
        let kept = made.keys.filter { !written.contains($0) }
        let folders = FolderMaker(root: staging)
        for relative in kept { try folders.makeParent(of: relative) }
        let paths = SharedReadOnly(value: kept)
        try Parallel.forEach(kept.count) { index in
            let relative = paths.value[index]
            guard link(live + "/" + relative, staging + "/" + relative) != 0 else { return }
            try copyFromLive(relative, to: staging + "/" + relative)
        }
        guard rename(staging, spare) == 0 else { throw failure(Message("output.not_prepared")) }
    }

    /// The live folder's file, linked into the spare in place of what it held there (a copy
    /// where the file system has no hard links).
    private func linkFromLive(_ relative: String) throws {
        let target = spare + "/" + relative
        Self.removeIfFolder(target)
        unlink(target)
        guard link(live + "/" + relative, target) != 0 else { return }
        try copyFromLive(relative, to: target)
    }

    private func copyFromLive(_ relative: String, to target: String) throws {
        do { try FileManager.default.copyItem(atPath: live + "/" + relative, toPath: target) } catch {
            throw SiteError(file: live + "/" + relative, Message("output.carry_failed", ["problem": error.localizedDescription]))
        }
    }

    /// The spare and the live folder trade places in one rename. Where the file system cannot
    /// exchange two folders, the live one is moved aside first: the output folder is then
    /// missing for a moment, but never a mix of two builds.
    private func exchange() throws {
        if sitegen_exchange_paths(spare, live) == 0 { return }
        let aside = spare + "-old"
        Self.removeTree(aside)
        guard rename(live, aside) == 0, rename(spare, live) == 0, rename(aside, spare) == 0 else {
            throw failure(Message("output.not_moved"))
        }
    }

    private func failure(_ what: Message, _ relative: String? = nil) -> SiteError {
        SiteError(file: relative.map { live + "/" + $0 } ?? live, Message("output.swap_failed", ["what": what, "problem": String(cString: strerror(errno))]))
    }

    /// A folder where a file must now be (a page that became a section, say) goes first.
    private static func removeIfFolder(_ path: String) {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { removeTree(path) }
    }

    private static func isRegularFile(_ path: String, size: Int) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) == size
    }

    /// Removes the folders above a removed file that it left empty.
    private static func removeEmptyParents(of relative: String, in root: String) {
        var parent = Substring(relative)
        while let slash = parent.lastIndex(of: "/") {
            parent = parent[..<slash]
            guard rmdir(root + "/" + parent) == 0 else { break } // only succeeds when empty
        }
    }

    static func removeTree(_ path: String) { OutputFolder.removeTree(path) }
}

/// Creates the folders files go into, each once, parents first; a file where a folder must
/// be is replaced.
private final class FolderMaker {
    let root: String
    private var made = Set<String>()

    init(root: String) { self.root = root }

    func makeParent(of relative: String) throws {
        guard let slash = relative.lastIndex(of: "/") else { return }
        try make(String(relative[..<slash]))
    }

    private func make(_ folder: String) throws {
        guard !made.contains(folder) else { return }
        if let slash = folder.lastIndex(of: "/") { try make(String(folder[..<slash])) }
        let path = root + "/" + folder
        if mkdir(path, 0o755) != 0 {
            var info = stat()
            let isFolder = errno == EEXIST && lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            if !isFolder && (unlink(path) != 0 || mkdir(path, 0o755) != 0) {
                throw SiteError(file: path, Message("output.folder_failed", ["problem": String(cString: strerror(errno))]))
            }
        }
        made.insert(folder)
    }
}
