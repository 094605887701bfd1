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
/// Its folder stamps (`.Public.sitegen-spare.folders`: the old live folder's record when it was
/// exactly that, else taken after it is pruned) go the same way: the new live folder's stamps
/// are then those, with the folders the update changed taken again, instead of a stat of every folder.
/// Files are never written in place: a changed file is a new file renamed over the old
/// name, so a file one generation shares with the other is never altered through it.
struct Generations {
    typealias Made = OutputFolder.Made

    let live: String
    let spare: String
    let spareManifest: String
    let spareStamps: String
    let io: FileIO

    init(destination: URL, io: FileIO) {
        self.io = io
        let parent = destination.deletingLastPathComponent().path
        let name = destination.lastPathComponent
        live = destination.path
        spare = parent + "/." + name + ".sitegen-spare"
        spareManifest = spare + ".tsv"
        spareStamps = spare + ".folders"
    }

    /// What a commit leaves: how many files of the old live folder it found and deleted that the
    /// new build does not make (counted only without a live manifest), and the new live folder's
    /// folder stamps when it knows them without taking them all (nil: take them).
    struct Committed {
        var deleted = 0
        var liveStamps: [String: Int]?
    }

    /// Makes the new build live. `made`: every file of the new build; `written`: the ones this
    /// build wrote into `staging` (the others are the live folder's, unchanged). `liveManifest`:
    /// what the live folder holds, when it is exactly that; `liveStamps`: its folder stamps then.
    @discardableResult
    func commit(made: Made, written: Set<String>, staging: String, liveManifest: OutputManifest?,
                liveStamps: [String: Int]? = nil) throws -> Committed {
        guard io.isFolder(live) else {
            // No live build yet: the staging folder is the whole build (a file or link in its
            // place goes, not what a link points at). On disk before it is renamed into place,
            // as every build is: a first build cut by a power failure must not come back as
            // empty files, nor leave its writes for the next build's sync to wait for.
            io.sync(staging)
            io.removeTree(live)
            guard io.rename(staging, live) else { throw failure(Message("output.not_moved")) }
            return Committed()
        }
        let spareHolds = loadSpareManifest()
        var stamps = CacheFile.read(spareStamps, repairs: nil, io: io).flatMap(FolderStampsFile.parse)
        // The spare is being changed: what it holds is known again only after the swap.
        _ = io.remove(spareManifest)
        _ = io.remove(spareStamps)
        var changedFolders: Set<String>?
        if let spareHolds, io.isFolder(spare) {
            changedFolders = try update(holding: spareHolds, to: made, written: written, staging: staging)
        } else {
            try makeSpare(made: made, written: written, staging: staging)
        }
        io.sync(spare) // the new build on disk before it becomes live
        try exchange()
        if let changed = changedFolders, stamps != nil {
            restamp(&stamps!, changed.union(["."]))
        } else {
            stamps = nil
        }
        // The old live folder is the spare now: what it holds, as far as it is known.
        guard let liveManifest else {
            // Its files this build did not make (and links, which are never followed) go; what is
            // left of the files it kept, as regular files of their size, is what it holds.
            let deleted = OutputFolder.prune(spare, relative: "", keeping: made, io: io)
            let held = OutputManifest(entries: made.filter { !written.contains($0.key) && isRegularFile(spare + "/" + $0.key, size: $0.value.size) })
            CacheFile.write(held.serializedBytes(), to: spareManifest, io: io)
            // Its folders' stamps (of every file the prune kept, listed or not), taken once here,
            // so that the next commit need not take every one of the folder it makes live.
            CacheFile.write(FolderStampsFile.bytes(OutputFolder.folderStamps(URL(fileURLWithPath: spare), OutputManifest(entries: made), io: io)),
                            to: spareStamps, io: io)
            return Committed(deleted: deleted, liveStamps: stamps)
        }
        // Exactly the old live folder: its manifest and folder stamps. Its stamp of "." may be
        // stale after the exchange: a commit always takes that one again.
        CacheFile.write(liveManifest.serializedBytes(), to: spareManifest, io: io)
        if let liveStamps { CacheFile.write(FolderStampsFile.bytes(liveStamps), to: spareStamps, io: io) }
        return Committed(liveStamps: stamps)
    }

    /// Takes the stamps of `folders` again in `root`; a folder gone is dropped, with every
    /// folder below it.
    private func restamp(_ stamps: inout [String: Int], _ folders: Set<String>) {
        var gone: [String] = []
        let folders = Array(folders)
        for (folder, status) in zip(folders, io.statuses(folders, live)) {
            if let status, status.kind == .folder { stamps[folder] = status.modified } else { gone.append(folder) }
        }
        guard !gone.isEmpty else { return }
        let prefixes = gone.map { $0 + "/" }
        for folder in gone { stamps[folder] = nil }
        for key in stamps.keys where prefixes.contains(where: key.hasPrefix) { stamps[key] = nil }
    }

    /// What the spare holds, as its manifest says (nil: not known).
    private func loadSpareManifest() -> Made? {
        guard let data = CacheFile.read(spareManifest, repairs: nil, io: io), let text = String(validUTF8: data) else { return nil }
        return OutputManifest.parse(text)?.entries
    }

    /// Brings the spare from what it holds (`held`) to the new build: written files renamed in,
    /// files changed since it was live linked from the live folder, files no longer made removed.
    /// Returns the folders whose entries it changed (made, removed, or a name in them added,
    /// replaced or removed): only their modification times moved.
    private func update(holding held: Made, to made: Made, written: Set<String>, staging: String) throws -> Set<String> {
        let folders = FolderMaker(root: spare, io: io)
        var changed = Set<String>()
        for relative in written {
            try folders.makeParent(of: relative)
            changed.insert(Self.parent(of: relative))
            let target = spare + "/" + relative
            if removeIfFolder(target) { changed.insert(relative) }
            guard io.rename(staging + "/" + relative, target) else { throw failure(Message("output.not_moved"), relative) }
        }
        for (relative, entry) in made where !written.contains(relative) {
            if let old = held[relative], old.hash == entry.hash, old.size == entry.size { continue }
            try folders.makeParent(of: relative)
            changed.insert(Self.parent(of: relative))
            if try linkFromLive(relative) { changed.insert(relative) }
        }
        for relative in held.keys where made[relative] == nil {
            _ = io.remove(spare + "/" + relative)
            changed.insert(Self.parent(of: relative))
            changed.formUnion(removeEmptyParents(of: relative, in: spare))
        }
        io.removeTree(staging) // only folders are left in it
        for folder in folders.created { changed.insert(Self.parent(of: folder)) }
        return changed
    }

    /// The folder a relative path is in ("." for the top).
    private static func parent(of relative: String) -> String {
        relative.lastIndex(of: "/").map { String(relative[..<$0]) } ?? "."
    }

    /// Makes the spare anew: the staging folder, with every file it did not write linked
    /// from the live folder, becomes it.
    private func makeSpare(made: Made, written: Set<String>, staging: String) throws {
        io.removeTree(spare)
        let kept = made.keys.filter { !written.contains($0) }
        let folders = FolderMaker(root: staging, io: io)
        for relative in kept { try folders.makeParent(of: relative) }
        let paths = SharedReadOnly(value: kept)
        try Parallel.forEach(kept.count) { index in
            let relative = paths.value[index]
            guard !io.link(live + "/" + relative, staging + "/" + relative) else { return }
            try copyFromLive(relative, to: staging + "/" + relative)
        }
        guard io.rename(staging, spare) else { throw failure(Message("output.not_prepared")) }
    }

    /// The live folder's file, linked into the spare in place of what it held there (a copy
    /// where the file system has no hard links). True when a folder was in its place.
    private func linkFromLive(_ relative: String) throws -> Bool {
        let target = spare + "/" + relative
        let removedFolder = removeIfFolder(target)
        _ = io.remove(target)
        if !io.link(live + "/" + relative, target) { try copyFromLive(relative, to: target) }
        return removedFolder
    }

    private func copyFromLive(_ relative: String, to target: String) throws {
        do { try io.copy(live + "/" + relative, target) } catch {
            throw SiteError(file: live + "/" + relative, Message("output.carry_failed", ["problem": error.localizedDescription]))
        }
    }

    /// The spare and the live folder trade places in one rename. Where the file system cannot
    /// exchange two folders, the live one is moved aside first: the output folder is then
    /// missing for a moment, but never a mix of two builds.
    private func exchange() throws {
        if io.exchange(spare, live) { return }
        let aside = spare + "-old"
        io.removeTree(aside)
        guard io.rename(live, aside), io.rename(spare, live), io.rename(aside, spare) else {
            throw failure(Message("output.not_moved"))
        }
    }

    private func failure(_ what: Message, _ relative: String? = nil) -> SiteError {
        SiteError(file: relative.map { live + "/" + $0 } ?? live, Message("output.swap_failed", ["what": what, "problem": String(cString: strerror(errno))]))
    }

    /// A folder where a file must now be (a page that became a section, say) goes first.
    /// True when there was one.
    @discardableResult
    private func removeIfFolder(_ path: String) -> Bool {
        guard io.isFolder(path) else { return false }
        io.removeTree(path)
        return true
    }

    private func isRegularFile(_ path: String, size: Int) -> Bool {
        io.status(path, false).map { $0.kind == .file && $0.size == size } ?? false
    }

    /// Removes the folders above a removed file that it left empty; returns them and the
    /// folders they were in.
    private func removeEmptyParents(of relative: String, in root: String) -> [String] {
        var removed: [String] = []
        var parent = Substring(relative)
        while let slash = parent.lastIndex(of: "/") {
            parent = parent[..<slash]
            guard io.removeFolder(root + "/" + parent) else { break } // only succeeds when empty
            removed += [String(parent), Self.parent(of: String(parent))]
        }
        return removed
    }
}

/// Creates the folders files go into, each once, parents first; a file where a folder must
/// be is replaced.
private final class FolderMaker {
    let root: String
    let io: FileIO
    private var made = Set<String>()
    /// The folders it created (or put in place of a file).
    private(set) var created: [String] = []

    init(root: String, io: FileIO) {
        self.root = root
        self.io = io
    }

    func makeParent(of relative: String) throws {
        guard let slash = relative.lastIndex(of: "/") else { return }
        try make(String(relative[..<slash]))
    }

    private func make(_ folder: String) throws {
        guard !made.contains(folder) else { return }
        if let slash = folder.lastIndex(of: "/") { try make(String(folder[..<slash])) }
        let path = root + "/" + folder
        if !io.makeFolder(path) {
            let isFolder = errno == EEXIST && io.isFolder(path)
            if !isFolder && (!io.remove(path) || !io.makeFolder(path)) {
                throw SiteError(file: path, Message("output.folder_failed", ["problem": String(cString: strerror(errno))]))
            }
            if !isFolder { created.append(folder) }
        } else {
            created.append(folder)
        }
        made.insert(folder)
    }
}
