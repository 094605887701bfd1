import Foundation

/// An unnamed file in the cache folder that values a build made are written to, and read
/// back from when used (`RecordPack`'s `spills`). Removed from its folder as soon as it is
/// open: it goes when the build closes it, however the build ends.
final class ScratchFile: @unchecked Sendable { // appends under `lock`; reads are `pread`s of what was written
    let reader: PackReader
    private let descriptor: Int32
    private let lock = NSLock()
    private var end = 0

    init?(folder: URL) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".scratch-\(getpid())-\(UUID().uuidString)").path
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        unlink(path)
        let reading = dup(descriptor)
        guard reading >= 0 else {
            close(descriptor)
            return nil
        }
        reader = PackReader(scratch: reading)
    }

    deinit { close(descriptor) }

    /// Writes `data` after what is there; where it went (nil: it could not be written).
    func append(_ data: Data) -> Range<Int>? {
        let start = lock.withLock {
            defer { end += data.count }
            return end
        }
        var written = 0
        while written < data.count {
            let result = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, data.count - written, off_t(start + written)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return nil }
            written += result
        }
        return start..<(start + data.count)
    }
}
