import Foundation
import SiteGen
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders for changes and reports them in batches: a burst of saves
/// (an editor writing a temp file, renaming it, touching metadata) becomes one
/// batch. On Linux it uses inotify and sleeps while nothing changes; elsewhere it
/// polls modification times every half second.
public final class FileWatcher: @unchecked Sendable { // `stopped` only under `lock`; the rest never changes
    public let folders: [String]
    /// How long the files must stay quiet before a batch is reported.
    public let quietPeriod: Duration
    private let lock = NSLock()
    private var stopped = false

    public init(folders: [String], quietPeriod: Duration = .milliseconds(60)) {
        self.folders = folders
        self.quietPeriod = quietPeriod
    }

    public func stop() { lock.withLock { stopped = true } }
    var isStopped: Bool { lock.withLock { stopped } }

    /// Batches of changed paths, until `stop()`.
    public func changes() -> AsyncStream<Set<String>> {
        AsyncStream { continuation in
            let thread = Thread { [self] in
                #if os(Linux)
                self.runInotify(continuation)
                #else
                self.runPolling(continuation)
                #endif
                continuation.finish()
            }
            thread.name = "sitegen-watcher"
            thread.start()
            continuation.onTermination = { [weak self] _ in self?.stop() }
        }
    }

    #if os(Linux)
    private func runInotify(_ continuation: AsyncStream<Set<String>>.Continuation) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return runPolling(continuation) }
        defer { close(fd) }
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF)
        var watches: [Int32: String] = [:]
        func watch(_ folder: String) {
            let wd = inotify_add_watch(fd, folder, mask)
            if wd >= 0 { watches[wd] = folder }
            for sub in Self.subfolders(of: folder) {
                let subWD = inotify_add_watch(fd, sub, mask)
                if subWD >= 0 { watches[subWD] = sub }
            }
        }
        folders.forEach(watch)

        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending = Set<String>()
        let quietMilliseconds = Int32(quietPeriod.components.seconds * 1000 + quietPeriod.components.attoseconds / 1_000_000_000_000_000)
        while !isStopped {
            // Wait for events: indefinitely-ish (500 ms, to notice stop()) when idle,
            // the quiet period while a batch is open.
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, pending.isEmpty ? 500 : quietMilliseconds)
            if ready == 0 {
                if !pending.isEmpty {
                    continuation.yield(pending)
                    pending.removeAll()
                }
                continue
            }
            guard ready > 0 else { continue }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, eventMask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.load(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<min(nameStart + length, count)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if let folder = watches[wd] {
                    let path = name.isEmpty ? folder : folder + "/" + name
                    if !name.hasPrefix(".") && !name.hasSuffix("~") && !name.hasSuffix(".swp") { pending.insert(path) }
                    if eventMask & UInt32(IN_ISDIR) != 0 && eventMask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watch(path) }
                }
                offset = nameStart + length
            }
        }
    }

    /// readdir, not FileManager's enumerator, which stats every file: a 10,000-post
    /// site's Content/ took the watcher so long to list that saves went unnoticed.
    static func subfolders(of folder: String) -> [String] {
        FolderEntries.subfolders(of: folder)
    }
    #endif

    private func runPolling(_ continuation: AsyncStream<Set<String>>.Continuation) {
        var last = snapshot()
        while !isStopped {
            Thread.sleep(forTimeInterval: 0.5)
            let now = snapshot()
            if now != last {
                let changed = Set(now.keys.filter { now[$0] != last[$0] } + last.keys.filter { now[$0] == nil })
                last = now
                continuation.yield(changed)
            }
        }
    }

    private func snapshot() -> [String: Date] {
        var result: [String: Date] = [:]
        for folder in folders {
            let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: folder), includingPropertiesForKeys: [.contentModificationDateKey])
            while let url = enumerator?.nextObject() as? URL {
                result[url.path] = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            }
        }
        return result
    }
}
