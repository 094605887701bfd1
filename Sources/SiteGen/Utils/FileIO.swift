import Foundation

/// The one seam between the build and the disk: the loader reads, and the write stage and
/// the build's record files (`CacheFile`) write, through these closures, so a test can run
/// them on files held in memory (see the tests' `MemoryFiles`) and make any operation fail.
/// Paths are absolute. The pack files' records (`RecordPack`, `ScratchFile`), the build lock
/// and the image cache still use the disk directly.
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

    /// The disk, with plain POSIX calls (see `DiskFiles`).
    public static let disk = DiskFiles.io

    /// The regular files below a folder (`list` without the skipped links).
    public func listFiles(_ folder: String, _ root: String) -> [String] { list(folder, root).files }
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

