import Foundation

/// The one seam between the build and the disk: the load stage reads, and the write stage and
/// the caches (`CacheFile`, `RecordPack`, the build lock) read and write, through these
/// closures, so a test can run a whole build on files held in memory (the tests' `MemoryFiles`)
/// and make any change fail. Paths are absolute. Only the image stage's files, which libvips
/// reads and writes itself, use the disk directly.
public struct FileIO: Sendable {
    // Reading
    /// Reads a whole file.
    public var read: @Sendable (_ path: String) throws -> Data
    /// Lists regular files below a folder, as paths relative to it, sorted; and the links
    /// it skips (to a folder, or out of `root`), which are never followed.
    public var list: @Sendable (_ folder: String, _ root: String) -> FileListing
    /// Whether a file or folder exists.
    public var exists: @Sendable (_ path: String) -> Bool
    /// A number that changes whenever the file does (size, times, inode), for caches of
    /// what was read from it; nil: not known, nothing is cached.
    public var identity: @Sendable (_ path: String) -> UInt64?
    /// `list`'s files with each one's `identity`, taken as they are listed (the input fingerprint).
    var listIdentities: @Sendable (_ folder: String, _ root: String) -> [(path: String, identity: UInt64)]
    /// What is at a path (nil: nothing); a link is followed only with `followingLinks`.
    var status: @Sendable (_ path: String, _ followingLinks: Bool) -> FileStatus?
    /// What is at each of `relatives` below `root`, links not followed: one call for the
    /// tens of thousands of paths a check of the output folder asks about.
    var statuses: @Sendable (_ relatives: [String], _ root: String) -> [FileStatus?]
    /// A folder's entries, without `.` and `..` (nil: it cannot be read).
    var entries: @Sendable (_ folder: String) -> [FolderItem]?
    /// Whether the regular file at `path` (not a link) holds exactly `bytes`.
    var holds: @Sendable (_ path: String, _ bytes: [UInt8]) -> Bool

    // Writing. The calls that return a Bool leave the reason in `errno` when they fail.
    /// Writes a file, made or emptied first; not synced (see `sync`).
    var write: @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void
    /// Writes a whole file to a new name and renames it over `path`: readers see the old
    /// file or the new, never part of one.
    var replace: @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void
    /// Copies a file to a new name.
    var copy: @Sendable (_ from: String, _ to: String) throws -> Void
    /// Makes one folder; its parent must exist.
    var makeFolder: @Sendable (_ path: String) -> Bool
    /// Removes a file or link, never a folder.
    var remove: @Sendable (_ path: String) -> Bool
    /// Removes an empty folder.
    var removeFolder: @Sendable (_ path: String) -> Bool
    /// Renames a file or folder over what is at `to` (a file, or an empty folder).
    var rename: @Sendable (_ from: String, _ to: String) -> Bool
    /// A second name for a file (a hard link); false where the file system has none.
    var link: @Sendable (_ from: String, _ to: String) -> Bool
    /// Two paths trade places in one step (false: the file system cannot).
    var exchange: @Sendable (_ first: String, _ second: String) -> Bool
    /// Everything written so far on the file system holding `folder` reaches the disk.
    var sync: @Sendable (_ folder: String) -> Void
    /// A file open for reads and writes at offsets (the packs' records), nil when it cannot be.
    var open: @Sendable (_ path: String, _ mode: OpenMode) -> OpenFile?
    /// The lock file at `path` (made when missing), for one holder at a time (`BuildLock`).
    var lock: @Sendable (_ path: String) throws -> FileLock

    /// The disk, with plain POSIX calls (see `DiskFiles`).
    public static let disk = DiskFiles.io

    /// The regular files below a folder (`list` without the skipped links).
    public func listFiles(_ folder: String, _ root: String) -> [String] { list(folder, root).files }
}

/// How `FileIO.open` opens a file.
enum OpenMode: Sendable {
    /// To read.
    case read
    /// To write into the file there (not through a link).
    case write
    /// A new file at the path, at once removed from its folder: it lives while it is open,
    /// and goes however the process ends.
    case scratch
}

/// A file open for reads and writes at offsets, from any thread; closed when released.
protocol OpenFile: AnyObject, Sendable {
    /// Reads up to `buffer.count` bytes at `offset`; how many it read (0 at the end, -1: failed).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int
    /// Writes all of `bytes` at `offset`; false when it could not.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool
    /// The file's size now (nil: not known).
    var size: Int? { get }
}

extension OpenFile {
    /// The bytes at `range`, read whole (nil: the file ends before, or could not be read).
    func read(_ range: Range<Int>) -> Data? {
        guard !range.isEmpty, let buffer = malloc(range.count) else { return range.isEmpty ? Data() : nil }
        // Read into memory not zeroed first (`Data(count:)` zeroed every record before reading it).
        var filled = 0
        while filled < range.count {
            let result = read(into: UnsafeMutableRawBufferPointer(start: buffer + filled, count: range.count - filled), at: range.lowerBound + filled)
            guard result > 0 else {
                free(buffer)
                return nil
            }
            filled += result
        }
        return Data(bytesNoCopy: buffer, count: range.count, deallocator: .free)
    }

    func write(_ data: some ContiguousBytes, at offset: Int) -> Bool {
        data.withUnsafeBytes { write($0, at: offset) }
    }
}

/// A lock on a file, held by one process (one `FileLock`) at a time until it is released
/// (when the process ends, however it ends); it holds a line saying who holds it.
protocol FileLock: AnyObject {
    /// Takes the lock if it is free; false when another holds it.
    func take() -> Bool
    /// Waits for the lock and takes it.
    func wait() throws
    /// The line the holder wrote ("" when none).
    var holder: String { get }
    /// Writes who holds it now.
    func claim(_ holder: String)
}

/// What `FileIO.status` finds at a path.
struct FileStatus: Sendable, Equatable {
    enum Kind: Sendable { case file, folder, other }
    var kind: Kind
    var size: Int
    /// Modification time, in nanoseconds.
    var modified: Int
}

/// One entry of a folder (`FileIO.entries`).
struct FolderItem: Sendable {
    var name: String
    /// A folder (a link to one is not).
    var isFolder: Bool
}

extension FileIO {
    /// Makes a folder and the folders above it that are missing.
    func makeFolders(_ path: String) throws {
        if status(path, true)?.kind == .folder { return }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty { try makeFolders(parent) }
        guard makeFolder(path) || status(path, true)?.kind == .folder else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Deletes a folder tree without following links; a link (even to a folder) or a file
    /// is removed itself, never what it points at.
    func removeTree(_ path: String) {
        guard let found = status(path, false) else { return }
        guard found.kind == .folder else {
            _ = remove(path)
            return
        }
        for item in entries(path) ?? [] {
            let child = path + "/" + item.name
            if item.isFolder { removeTree(child) } else { _ = remove(child) }
        }
        _ = removeFolder(path)
    }

    /// Whether a folder (not a link to one) is at `path`.
    func isFolder(_ path: String) -> Bool { status(path, false)?.kind == .folder }
}

/// The files below a folder, as relative paths, and the links that were not followed.
public struct FileListing: Sendable {
    public var files: [String]
    public var skippedLinks: [String] = []

    public init(files: [String], skippedLinks: [String] = []) {
        self.files = files
        self.skippedLinks = skippedLinks
    }
}

