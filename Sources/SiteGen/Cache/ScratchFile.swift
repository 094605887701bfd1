import Foundation

/// An unnamed file in the cache folder that values a build made are written to, and read
/// back from when used (`RecordPack`'s `spills`). Removed from its folder as soon as it is
/// open (`OpenMode.scratch`): it goes when the build lets go of it, however the build ends.
final class ScratchFile: @unchecked Sendable { // `end` only under `lock`; the file is written and read at offsets
    let reader: PackReader
    private let file: OpenFile
    private let lock = NSLock()
    private var end = 0

    init?(folder: String, io: FileIO) {
        try? io.makeFolders(folder)
        guard let file = io.open(folder + "/.scratch-\(getpid())-\(UUID().uuidString)", .scratch) else { return nil }
        self.file = file
        reader = PackReader(scratch: file)
    }

    /// Writes `data` after what is there; where it went (nil: it could not be written).
    func append(_ data: Data) -> Range<Int>? {
        let start = lock.withLock {
            defer { end += data.count }
            return end
        }
        guard file.write(data, at: start) else { return nil }
        return start..<(start + data.count)
    }
}
