import Foundation

/// The one seam between the loader and the disk: reading goes through these
/// closures, so a test can hand the loader files without touching the disk.
public struct FileIO: Sendable {
    /// Reads a whole file.
    public var read: @Sendable (_ path: String) throws -> Data
    /// Lists regular files below a folder, as paths relative to it, sorted; and the links
    /// it skips (to a folder, or out of `root`), which are never followed.
    public var list: @Sendable (_ folder: String, _ root: String) -> FileListing
    /// Whether a file or folder exists.
    public var exists: @Sendable (_ path: String) -> Bool
    /// A number that changes whenever the file does (size, times, inode), for caches of
    /// what was read from it; nil: not known, nothing is cached.
    public var identity: @Sendable (_ path: String) -> UInt64? = { _ in nil }

    public init(
        read: @escaping @Sendable (String) throws -> Data,
        list: @escaping @Sendable (String, String) -> FileListing,
        exists: @escaping @Sendable (String) -> Bool
    ) {
        self.read = read
        self.list = list
        self.exists = exists
    }

    /// The regular files below a folder (`list` without the skipped links).
    public func listFiles(_ folder: String, _ root: String) -> [String] { list(folder, root).files }

    public static let disk: FileIO = {
        var io = FileIO(
            read: { path in try DiskListing.read(path) },
            list: { folder, root in DiskListing.list(under: folder, root: root) },
            exists: { FileManager.default.fileExists(atPath: $0) }
        )
        io.identity = FileStamp.identity
        return io
    }()
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
