import Foundation

/// One folder's entries through readdir. FileManager's enumerator stats and resolves
/// every entry, which made listing, checking and deleting a 10,000-post site slow.
struct FolderEntry {
    let name: String
    /// The entry's type from readdir (`DT_DIR`, `DT_REG`, `DT_LNK`…).
    let type: Int32
    /// The open folder, for `fstatat` without a path lookup from the root.
    let folder: Int32

    /// A folder (a link to one is not). Some file systems leave readdir's type unknown: then ask.
    var isFolder: Bool {
        guard type == Int32(DT_UNKNOWN) else { return type == Int32(DT_DIR) }
        var info = stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

public enum FolderEntries {
    /// Calls `body` for each entry except `.` and `..`, until it returns false. False when
    /// the folder could not be opened or `body` stopped.
    @discardableResult
    static func forEach(in path: String, _ body: (FolderEntry) -> Bool) -> Bool {
        guard let handle = opendir(path) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            // The name up to its NUL, found by strlen (a generic `prefix` looked at each byte).
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return String(decoding: UnsafeBufferPointer(start: bytes.baseAddress, count: strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            guard body(FolderEntry(name: name, type: Int32(entry.pointee.d_type), folder: dirfd(handle))) else { return false }
        }
        return true
    }

    /// Every folder below `path`, not following links (the dev server watches each).
    public static func subfolders(of path: String) -> [String] {
        var result: [String] = []
        forEach(in: path) { entry in
            if entry.isFolder {
                result.append(path + "/" + entry.name)
                result += subfolders(of: path + "/" + entry.name)
            }
            return true
        }
        return result
    }
}
