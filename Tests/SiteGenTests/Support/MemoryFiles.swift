import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import SiteGen

/// A file system held in memory, behind `FileIO`, for tests of the write stage: files, folders
/// and hard links (two names for one file), modification times from a clock that ticks on every
/// change, and a budget of changes after which every change fails, as if the process had been
/// killed at that moment (nothing more reaches the disk).
final class MemoryFiles: @unchecked Sendable { // every field only under `lock`
    final class File {
        var bytes: [UInt8]
        var modified: Int
        init(_ bytes: [UInt8], modified: Int) {
            self.bytes = bytes
            self.modified = modified
        }
    }

    enum Node {
        case folder(modified: Int)
        case file(File)
    }

    fileprivate let lock = NSLock()
    private var nodes: [String: Node] = ["/": .folder(modified: 0)]
    private var clock = 0
    private var budget: Int?
    private var made = 0

    init() {}

    /// Changes allowed from now on before every change fails (nil: no limit).
    func allowChanges(_ count: Int?) { lock.withLock { budget = count } }

    /// Changes made so far (those refused by the budget not counted).
    var changes: Int { lock.withLock { made } }

    /// A copy to change on its own; names that share a file here share one there too.
    func copy() -> MemoryFiles {
        lock.withLock {
            let copy = MemoryFiles()
            var files: [ObjectIdentifier: File] = [:]
            copy.nodes = nodes.mapValues { node in
                guard case .file(let file) = node else { return node }
                let twin = files[ObjectIdentifier(file)] ?? File(file.bytes, modified: file.modified)
                files[ObjectIdentifier(file)] = twin
                return .file(twin)
            }
            copy.clock = clock
            return copy
        }
    }

    /// The files below `folder` (relative paths) and their bytes; [:] when it is not a folder.
    func files(under folder: String) -> [String: [UInt8]] {
        lock.withLock {
            let root = Self.normal(folder)
            guard case .folder = nodes[root] else { return [:] }
            var found: [String: [UInt8]] = [:]
            for (path, node) in nodes where path.hasPrefix(root + "/") {
                if case .file(let file) = node { found[String(path.dropFirst(root.count + 1))] = file.bytes }
            }
            return found
        }
    }

    /// Whether two paths name one file (a hard link).
    func sameFile(_ first: String, _ second: String) -> Bool {
        lock.withLock {
            guard case .file(let a) = nodes[Self.normal(first)], case .file(let b) = nodes[Self.normal(second)] else { return false }
            return a === b
        }
    }

    /// Every path held (folders too).
    var paths: Set<String> { lock.withLock { Set(nodes.keys) } }

    var io: FileIO {
        FileIO(
            read: { path in
                try self.lock.withLock {
                    guard case .file(let file) = self.nodes[Self.normal(path)] else {
                        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
                    }
                    return Data(file.bytes)
                }
            },
            list: { folder, _ in FileListing(files: self.files(under: folder).keys.sorted()) },
            exists: { path in self.lock.withLock { self.nodes[Self.normal(path)] != nil } },
            identity: { path in self.lock.withLock { self.identity(Self.normal(path)) } },
            listIdentities: { folder, _ in
                self.files(under: folder).keys.sorted().map { relative in
                    (relative, self.lock.withLock { self.identity(Self.normal(folder + "/" + relative)) } ?? 0)
                }
            },
            status: { path, _ in self.lock.withLock { self.status(Self.normal(path)) } },
            statuses: { relatives, root in self.lock.withLock { relatives.map { self.status(Self.normal(root + "/" + $0)) } } },
            entries: { folder in
                self.lock.withLock {
                    let root = Self.normal(folder)
                    guard case .folder = self.nodes[root] else { return nil }
                    return self.children(of: root).map { name in
                        let path = root == "/" ? "/" + name : root + "/" + name
                        if case .folder = self.nodes[path] { return FolderItem(name: name, isFolder: true) }
                        return FolderItem(name: name, isFolder: false)
                    }
                }
            },
            holds: { path, bytes in
                self.lock.withLock {
                    guard case .file(let file) = self.nodes[Self.normal(path)] else { return false }
                    return file.bytes == bytes
                }
            },
            write: { path, bytes in try self.throwing { self.write(Self.normal(path), bytes, inPlace: true) } },
            replace: { path, bytes in try self.throwing { self.write(Self.normal(path), bytes, inPlace: false) } },
            copy: { from, to in
                try self.throwing {
                    guard case .file(let file) = self.nodes[Self.normal(from)] else { return ENOENT }
                    guard self.nodes[Self.normal(to)] == nil else { return EEXIST }
                    return self.write(Self.normal(to), file.bytes, inPlace: false)
                }
            },
            makeFolder: { path in
                self.changing {
                    let path = Self.normal(path)
                    guard self.nodes[path] == nil else { return EEXIST }
                    guard self.isFolder(Self.parent(path)) else { return ENOENT }
                    self.nodes[path] = .folder(modified: self.tick())
                    self.touch(Self.parent(path))
                    return 0
                }
            },
            remove: { path in
                self.changing {
                    let path = Self.normal(path)
                    guard let node = self.nodes[path] else { return ENOENT }
                    guard case .file = node else { return EISDIR }
                    self.nodes[path] = nil
                    self.touch(Self.parent(path))
                    return 0
                }
            },
            removeFolder: { path in
                self.changing {
                    let path = Self.normal(path)
                    guard self.isFolder(path) else { return self.nodes[path] == nil ? ENOENT : ENOTDIR }
                    guard self.children(of: path).isEmpty else { return ENOTEMPTY }
                    self.nodes[path] = nil
                    self.touch(Self.parent(path))
                    return 0
                }
            },
            rename: { from, to in self.changing { self.rename(Self.normal(from), Self.normal(to)) } },
            link: { from, to in
                self.changing {
                    let (from, to) = (Self.normal(from), Self.normal(to))
                    guard case .file(let file) = self.nodes[from] else { return ENOENT }
                    guard self.nodes[to] == nil else { return EEXIST }
                    guard self.isFolder(Self.parent(to)) else { return ENOENT }
                    self.nodes[to] = .file(file)
                    self.touch(Self.parent(to))
                    return 0
                }
            },
            exchange: { first, second in
                self.changing {
                    let (first, second) = (Self.normal(first), Self.normal(second))
                    guard self.nodes[first] != nil, self.nodes[second] != nil else { return ENOENT }
                    let (a, b) = (self.take(first), self.take(second))
                    self.put(a, at: second)
                    self.put(b, at: first)
                    self.touch(Self.parent(first))
                    self.touch(Self.parent(second))
                    return 0
                }
            },
            sync: { _ in },
            open: { path, mode in
                self.lock.withLock { () -> OpenFile? in
                    let path = Self.normal(path)
                    switch mode {
                    case .read, .write:
                        guard case .file(let file) = self.nodes[path] else { return nil }
                        return Opened(file, in: self)
                    case .scratch:
                        guard self.nodes[path] == nil, self.isFolder(Self.parent(path)) else { return nil }
                        return Opened(File([], modified: self.tick()), in: self) // a file no folder names
                    }
                }
            },
            lock: { path in
                self.lock.withLock {
                    if self.nodes[Self.normal(path)] == nil { _ = self.write(Self.normal(path), [], inPlace: true) }
                    let shared = self.locks[Self.normal(path)] ?? Held()
                    self.locks[Self.normal(path)] = shared
                    return Taken(shared)
                }
            }
        )
    }

    private var locks: [String: Held] = [:]

    /// One lock file's state: whether it is held, and the line its holder wrote.
    final class Held: @unchecked Sendable { // only under `condition`
        let condition = NSCondition()
        var isHeld = false
        var holder = ""
    }

    /// `FileIO.lock` in memory: released when let go of, as a process's lock is when it ends.
    final class Taken: FileLock {
        let shared: Held
        private var holds = false

        init(_ shared: Held) { self.shared = shared }

        deinit {
            guard holds else { return }
            shared.condition.withLock {
                shared.isHeld = false
                shared.condition.broadcast()
            }
        }

        func take() -> Bool {
            shared.condition.withLock {
                guard !shared.isHeld else { return false }
                shared.isHeld = true
                holds = true
                return true
            }
        }

        func wait() throws {
            shared.condition.withLock {
                while shared.isHeld { shared.condition.wait() }
                shared.isHeld = true
                holds = true
            }
        }

        var holder: String { shared.condition.withLock { shared.holder } }

        func claim(_ holder: String) { shared.condition.withLock { shared.holder = holder } }
    }

    /// A file open through `FileIO.open`: it reads and writes the file's bytes under the files' lock.
    final class Opened: OpenFile, @unchecked Sendable { // `file` only under `files.lock`
        let file: File
        let files: MemoryFiles

        init(_ file: File, in files: MemoryFiles) {
            self.file = file
            self.files = files
        }

        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
            files.lock.withLock {
                guard offset < file.bytes.count else { return 0 }
                let count = min(buffer.count, file.bytes.count - offset)
                file.bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
                return count
            }
        }

        func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
            files.changing {
                if file.bytes.count < offset + bytes.count { file.bytes += [UInt8](repeating: 0, count: offset + bytes.count - file.bytes.count) }
                file.bytes.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
                file.modified = files.tick()
                return 0
            }
        }

        var size: Int? { files.lock.withLock { file.bytes.count } }
    }

    // MARK: The operations, under `lock`. Each returns 0 or the errno it fails with.

    /// A file's identity: which file object, its time and size.
    private func identity(_ path: String) -> UInt64? {
        guard case .file(let file) = nodes[path] else { return nil }
        var hasher = StableHasher()
        hasher.combine(ObjectIdentifier(file).hashValue)
        hasher.combine(file.modified)
        hasher.combine(file.bytes.count)
        return hasher.value
    }

    private func status(_ path: String) -> FileStatus? {
        switch nodes[path] {
        case .folder(let modified): FileStatus(kind: .folder, size: 0, modified: modified)
        case .file(let file): FileStatus(kind: .file, size: file.bytes.count, modified: file.modified)
        case nil: nil
        }
    }

    private func write(_ path: String, _ bytes: [UInt8], inPlace: Bool) -> Int32 {
        guard isFolder(Self.parent(path)) else { return ENOENT }
        switch nodes[path] {
        case .folder: return EISDIR
        case .file(let file) where inPlace: // the same file, as `O_TRUNC` keeps it: every name of it sees the new bytes
            file.bytes = bytes
            file.modified = tick()
        default:
            if nodes[path] == nil { touch(Self.parent(path)) }
            nodes[path] = .file(File(bytes, modified: tick()))
        }
        return 0
    }

    private func rename(_ from: String, _ to: String) -> Int32 {
        guard let moving = nodes[from] else { return ENOENT }
        guard isFolder(Self.parent(to)) else { return ENOENT }
        if from == to { return 0 }
        switch (moving, nodes[to]) {
        case (.folder, .folder): guard children(of: to).isEmpty else { return ENOTEMPTY }
        case (.folder, .file): return ENOTDIR
        case (.file, .folder): return EISDIR
        default: break
        }
        let subtree = take(from)
        _ = take(to)
        put(subtree, at: to)
        touch(Self.parent(from))
        touch(Self.parent(to))
        return 0
    }

    /// Removes a path and everything below it; returns them relative to it ("" for itself).
    private func take(_ path: String) -> [(String, Node)] {
        var taken: [(String, Node)] = []
        for (key, node) in nodes where key == path || key.hasPrefix(path + "/") {
            taken.append((String(key.dropFirst(path.count)), node))
            nodes[key] = nil
        }
        return taken
    }

    private func put(_ subtree: [(String, Node)], at path: String) {
        for (relative, node) in subtree { nodes[path + relative] = node }
    }

    private func children(of folder: String) -> [String] {
        let prefix = folder == "/" ? "/" : folder + "/"
        return nodes.keys.filter { $0.hasPrefix(prefix) && $0 != "/" && !$0.dropFirst(prefix.count).contains("/") }
            .map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    private func isFolder(_ path: String) -> Bool {
        if case .folder = nodes[path] { return true }
        return false
    }

    fileprivate func tick() -> Int {
        clock += 1
        return clock
    }

    private func touch(_ folder: String) {
        if case .folder = nodes[folder] { nodes[folder] = .folder(modified: tick()) }
    }

    /// A change, unless the budget is spent; false with `errno` set when it fails.
    fileprivate func changing(_ change: () -> Int32) -> Bool {
        lock.withLock {
            if let left = budget {
                guard left > 0 else {
                    errno = EIO
                    return false
                }
                budget = left - 1
            }
            let failure = change()
            guard failure == 0 else {
                errno = failure
                return false
            }
            made += 1
            return true
        }
    }

    private func throwing(_ change: () -> Int32) throws {
        guard changing(change) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    static func normal(_ path: String) -> String {
        "/" + path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
