import Foundation

/// The one seam between the loader and the disk: reading goes through these
/// closures, so a test can hand the loader files without touching the disk.
public struct FileIO: Sendable {
    /// Reads a whole file.
    public var read: @Sendable (_ path: String) throws -> Data
    /// Lists regular files below a folder, as paths relative to it, sorted.
    /// Symlinks that resolve outside `root` are skipped.
    public var listFiles: @Sendable (_ folder: String, _ root: String) -> [String]
    /// Whether a file or folder exists.
    public var exists: @Sendable (_ path: String) -> Bool

    public init(
        read: @escaping @Sendable (String) throws -> Data,
        listFiles: @escaping @Sendable (String, String) -> [String],
        exists: @escaping @Sendable (String) -> Bool
    ) {
        self.read = read
        self.listFiles = listFiles
        self.exists = exists
    }

    public static let disk = FileIO(
        read: { path in try Data(contentsOf: URL(fileURLWithPath: path)) },
        listFiles: { folder, root in DiskListing.files(under: folder, root: root) },
        exists: { FileManager.default.fileExists(atPath: $0) }
    )
}

enum DiskListing {
    static func files(under folder: String, root: String) -> [String] {
        let fm = FileManager.default
        let rootReal = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        // The folder itself may be a link (this repository's Templates/ is); list what it
        // points at, as long as that is inside the site.
        let folder = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard folder == rootReal || folder.hasPrefix(rootReal + "/"), let enumerator = fm.enumerator(atPath: folder) else { return [] }
        var result: [String] = []
        for case let relative as String in enumerator {
            let full = folder + "/" + relative
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") && name != ".well-known" { continue } // editor droppings, .DS_Store
            // A symlink may point anywhere; only follow it if it stays inside the site.
            let real = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
            guard real == rootReal || real.hasPrefix(rootReal + "/") else { continue }
            result.append(relative)
        }
        return result.sorted()
    }
}
