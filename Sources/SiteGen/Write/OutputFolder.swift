import Foundation

/// The write stage. Files go into a staging folder beside the output folder, and only a
/// build that finished becomes live, in one step (`commit`, `Generations`): a failed,
/// killed or power-cut build leaves the previous site as it was, never a mix of two.
/// Nothing is written outside the output folder and the folders beside it.
///
/// Only the files whose bytes changed are written; the others stay the same files, so an
/// upload tool sees only real changes. An incremental build knows the old bytes from the
/// previous build's manifest; a clean build (or one without a manifest) compares with the
/// files on disk.
public final class OutputFolder: @unchecked Sendable { // mutable state only under `lock`
    public let destination: URL
    let staging: URL
    /// The disk, or what stands for it in a test.
    let io: FileIO
    /// `destination.path`, made once: `URL.path` builds a new string on every call, and
    /// an incremental build checks 25,000 files by path.
    private let destinationPath: String
    private let stagingPath: String
    /// The previous build's manifest (empty when the build compares with the disk); nil
    /// when there is no output folder yet.
    let previous: OutputManifest?
    /// The previous build's output folders and their modification times (`folderStamps`):
    /// a folder whose time differs was changed by hand since.
    let previousFolders: [String: Int]?
    /// What differs in the output folder from `previous` and `previousFolders`, checked once
    /// (before the build, or when the folder is opened): every kept file and the commit go by it.
    private let checked: OutputCheck
    /// Whether unchanged files are found by reading the output folder's files.
    let comparesWithDisk: Bool
    private let lock = NSLock()
    private var produced: [String: OutputManifest.Entry] = [:]
    /// Files written into the staging folder when there is a live build (relative paths).
    private var staged: [String] = []
    /// Folders already created in the staging folder: thousands of pages share a few hundred.
    private var folders = Set<String>()
    public private(set) var pagesWritten = 0
    public private(set) var filesCopied = 0
    /// Files of the output that an incremental build changed, added or deleted.
    public private(set) var filesChanged = 0
    public private(set) var filesDeleted = 0
    /// The live folder's folder stamps after `commit`, when it knew them (under `lock`).
    private var stampsAfterCommit: [String: Int]?

    /// True when the previous build's records were trusted.
    public var isIncremental: Bool { previous != nil && !comparesWithDisk }
    /// What this build made, for the next build to compare against.
    var manifest: OutputManifest { lock.withLock { OutputManifest(entries: produced) } }

    /// Creates the staging folder, after refusing destinations that would destroy
    /// the user's sources. With `previous` (and an existing output folder) the build is incremental.
    public convenience init(destination: URL, source: URL, io: FileIO = .disk) throws {
        try self.init(destination: destination, source: source, previous: nil, io: io)
    }

    /// `checked`: what `OutputFolder.check` found in the output folder against `previous` and
    /// `previousFolders` before the build (nil: checked here).
    init(destination: URL, source: URL, previous: OutputManifest?, previousFolders: [String: Int]? = nil, checked: OutputCheck? = nil,
         io: FileIO) throws {
        try Self.checkSafe(destination: destination, source: source)
        self.io = io
        self.destination = destination.standardizedFileURL
        self.destinationPath = self.destination.path
        let exists = io.status(destinationPath, true)?.kind == .folder
        let last = exists ? (previous ?? OutputManifest(entries: [:])) : nil
        let stamps = previous == nil ? nil : previousFolders
        self.previous = last
        self.comparesWithDisk = exists && previous == nil
        self.previousFolders = stamps
        self.checked = last.map { last in
            // A folder that cannot be opened: everything in it counts as changed.
            checked ?? Self.check(destination, last, stamps: stamps ?? [:], io: io)
                ?? OutputCheck(folders: Set((stamps ?? [:]).keys), files: Set(last.entries.keys))
        } ?? OutputCheck()
        let parent = self.destination.deletingLastPathComponent()
        self.staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).sitegen-tmp-\(ProcessInfo.processInfo.processIdentifier)")
        self.stagingPath = staging.path
        do {
            try io.makeFolders(parent.path)
            Self.removeStaleStaging(beside: self.destination, io: io)
            io.removeTree(stagingPath)
            try io.makeFolders(stagingPath)
        } catch {
            throw SiteError(file: destination.path, Message("output.prepare_failed", ["problem": error.localizedDescription]))
        }
        // One entry for each file the last build made, most of them kept: no growing on the way.
        produced.reserveCapacity(self.previous?.entries.count ?? 0)
    }

    /// An interrupted build (killed, power cut) leaves its staging folder behind;
    /// the next build removes those whose process is gone.
    static func removeStaleStaging(beside destination: URL, io: FileIO) {
        let parent = destination.deletingLastPathComponent().path
        let prefix = ".\(destination.lastPathComponent).sitegen-tmp-"
        for item in io.entries(parent) ?? [] {
            guard item.name.hasPrefix(prefix), let pid = Int32(item.name.dropFirst(prefix.count)),
                  kill(pid, 0) == -1, errno == ESRCH else { continue }
            io.removeTree(parent + "/" + item.name)
        }
    }

    static func checkSafe(destination: URL, source: URL) throws {
        let out = destination.standardizedFileURL.resolvingSymlinksInPath().path
        let src = source.standardizedFileURL.resolvingSymlinksInPath().path
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.resolvingSymlinksInPath().path
        let forbidden = [src, src + "/Content", src + "/Templates", src + "/Sources", home, "/"]
        if forbidden.contains(out) || src.hasPrefix(out + "/") {
            throw SiteError(file: destination.path, Message("output.holds_sources"))
        }
    }

    /// The absolute staging path for a relative output path, or an error when the
    /// path would leave the output folder.
    func target(_ relative: String) throws -> String {
        try checkInside(relative)
        return stagingPath + "/" + relative
    }

    /// An error when a relative output path would leave the output folder.
    func checkInside(_ relative: String) throws {
        guard let first = relative.utf8.first, first != UInt8(ascii: "/"), !URLPath.hasUnsafeSegment(relative) else {
            throw SiteError(file: SafeURL.shown(relative), Message("output.path_escapes"))
        }
    }

    /// Writes a generated file (a page, feed, sitemap…). `key` names the inputs it was
    /// made from, for `reuse` next time (0: none).
    public func write(_ relative: String, _ contents: String, isPage: Bool = true, key: UInt64 = 0) throws {
        try write(relative, bytes: Array(contents.utf8), isPage: isPage, key: key)
    }

    public func write(_ relative: String, bytes: [UInt8], isPage: Bool = true, key: UInt64 = 0) throws {
        let path = try target(relative)
        try claim(relative)
        let entry = OutputManifest.Entry(key: key, hash: StableHasher.hash(bytes), size: bytes.count)
        // Unchanged: as the previous build's manifest records it, or (clean build) as the file on disk holds it.
        let unchanged = if let old = previous?.entries[relative] {
            old.hash == entry.hash && old.size == entry.size && isOnDisk(relative)
        } else {
            comparesWithDisk && io.holds(destinationPath + "/" + relative, bytes)
        }
        if unchanged {
            record(relative, entry, isPage: isPage, changed: false)
            return
        }
        try createParent(of: path)
        do { try io.write(path, bytes) } catch {
            throw SiteError(file: relative, Message("file.unwritable", ["problem": error.localizedDescription]))
        }
        record(relative, entry, isPage: isPage, changed: true)
    }

    /// Keeps the file the previous build made from the same inputs (`key`), without
    /// rendering it again. False when it must be made: new inputs, or the file was
    /// changed or deleted in the output folder since.
    public func reuse(_ relative: String, key: UInt64, isPage: Bool = true) throws -> Bool {
        guard key != 0, let old = previous?.entries[relative], old.key == key, isOnDisk(relative) else { return false }
        try checkInside(relative)
        try claim(relative, keeping: old, isPage: isPage)
        return true
    }

    /// Whether the previous build's file is still there as it left it (see `keep`).
    func canKeep(_ relative: String) -> Bool {
        previous?.entries[relative] != nil && isOnDisk(relative)
    }

    /// Keeps the previous build's file as it is, once `canKeep` said it is there: the caller
    /// knows its inputs did not change (a search shard no edited post has a token in).
    func keep(_ relative: String) throws {
        guard let old = previous?.entries[relative] else { return }
        try checkInside(relative)
        try claim(relative, keeping: old, isPage: false)
    }

    /// Copies a file as it is (skipped when an incremental build has the same source file already).
    public func copy(from source: String, to relative: String) throws {
        let stamp = io.status(source, true)
        let key: UInt64 = stamp.map { stamp in
            var hasher = StableHasher()
            hasher.combine(source)
            hasher.combine(stamp.size)
            hasher.combine(stamp.modified)
            return hasher.value
        } ?? 0
        if try reuse(relative, key: key, isPage: false) {
            lock.withLock { filesCopied += 1 }
            return
        }
        let path = try target(relative)
        try claim(relative)
        try createParent(of: path)
        do {
            // A copy, not a hard link: an edit made in the output must never reach the sources.
            try io.copy(source, path)
        } catch {
            throw SiteError(file: source, Message("file.uncopyable", ["problem": error.localizedDescription]))
        }
        record(relative, OutputManifest.Entry(key: key, hash: key, size: stamp?.size ?? 0), isPage: false, changed: true)
        lock.withLock { filesCopied += 1 }
    }

    private func record(_ relative: String, _ entry: OutputManifest.Entry, isPage: Bool, changed: Bool) {
        lock.withLock {
            produced[relative] = entry
            if isPage { pagesWritten += 1 }
            if changed && previous != nil {
                staged.append(relative)
                filesChanged += 1
            }
        }
    }

    /// The previous build's file is still there, as it left it (by size: cheap, and
    /// enough to notice a file deleted or replaced by hand), as the check found.
    private func isOnDisk(_ relative: String) -> Bool {
        !checked.files.contains(relative)
    }

    /// Takes an output path for this build: an error when another part of the site took it.
    /// It is entered in this build's manifest at once (as `kept`, a file the previous build
    /// left as it is; else as a placeholder `record` completes): one lookup, not two, for
    /// each of the 25,000 files an incremental build keeps.
    private func claim(_ relative: String, keeping kept: OutputManifest.Entry? = nil, isPage: Bool = false) throws {
        let inserted = lock.withLock {
            if let taken = produced.updateValue(kept ?? OutputManifest.Entry(key: 0, hash: 0, size: -1), forKey: relative) {
                produced[relative] = taken // as the part that took it first left it
                return false
            }
            if kept != nil, isPage { pagesWritten += 1 }
            return true
        }
        guard inserted else {
            throw SiteError(file: relative, Message("output.written_twice"))
        }
    }

    private func createParent(of path: String) throws {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        guard lock.withLock({ !folders.contains(folder) }) else { return }
        do {
            try io.makeFolders(folder)
        } catch {
            throw SiteError(file: (folder as NSString).lastPathComponent,
                            Message("output.folder_failed", ["problem": error.localizedDescription]))
        }
        lock.withLock { _ = folders.insert(folder) }
    }

    /// Makes the finished build live in one step (see `Generations`): the live folder is at
    /// every moment exactly one complete build, the old or the new.
    public func commit() throws {
        let (made, written) = lock.withLock { (produced, staged) }
        // The live folder holds exactly what its manifest says when nothing was changed in it by hand.
        let exact = isIncremental && checked.isExact ? previous : nil
        let committed = try Generations(destination: destination, io: io).commit(made: made, written: Set(written), staging: stagingPath,
                                                                         liveManifest: exact, liveStamps: exact != nil ? previousFolders : nil)
        filesDeleted = exact.map { old in old.entries.keys.reduce(0) { $0 + (made[$1] == nil ? 1 : 0) } } ?? committed.deleted
        lock.withLock { stampsAfterCommit = committed.liveStamps }
    }

    /// The output's folders and their modification times after `commit` (see `folderStamps`):
    /// the live folder is the other generation now, whose stamps `Generations` knows when it
    /// kept them; else all are taken.
    func folderStampsAfterCommit() -> [String: Int] {
        lock.withLock { stampsAfterCommit } ?? Self.folderStamps(destination, manifest, io: io)
    }

    /// Throws the staging folder away; the previous output stays untouched.
    public func discard() {
        io.removeTree(stagingPath)
    }
}
