import Foundation

/// One source image made into the files a site publishes (`ImageStage` decides which images,
/// `ImageStore` keeps the results between builds). Every file written here has no metadata
/// left (no EXIF, so no GPS position of where a phone photo was taken) and shows in sRGB. The
/// copies are re-encoded by libvips, upright. A JPEG original in sRGB is published with its
/// compressed data as it was (no second lossy encoding) and its orientation as its one tag;
/// any other original is re-encoded upright.
struct ImageProcessor {
    /// Changes whenever what processing makes does, so cached images are made again.
    static let version = 5
    let settings: ImageSettings

    /// What processing made: the image's size as shown, and the files in the folder.
    struct Result: Equatable {
        var width: Int
        var height: Int
        /// Each file: its format (nil: the source as it is), width and name in the folder.
        var files: [File]
        /// The file `src` names.
        var fallback: String

        struct File: Equatable {
            var format: ImageFormat?
            var width: Int
            var name: String
            /// A resized copy for `srcset` (else the published original).
            var isCopy: Bool
        }
    }

    /// How a source is published, from what libvips found it to be (not its name).
    enum Kind: Equatable {
        /// Re-encoded in `format` (HEIC and TIFF, which browsers do not show, become JPEG).
        case processed(ImageFormat, keepsOriginal: Bool)
        /// Published as it is (GIF, which may be animated; SVG): only its size is read.
        case asItIs
    }

    static func kind(loader: String) -> Kind {
        switch loader {
        case let name where name.hasPrefix("jpegload"): .processed(.jpeg, keepsOriginal: true)
        case let name where name.hasPrefix("pngload"): .processed(.png, keepsOriginal: true)
        case let name where name.hasPrefix("webpload"): .processed(.webp, keepsOriginal: true)
        case let name where name.hasPrefix("gifload"), let name where name.hasPrefix("svgload"): .asItIs
        default: .processed(.jpeg, keepsOriginal: false) // heifload, tiffload…
        }
    }

    /// The widths of the resized copies of an image `width` wide: the configured ones below
    /// it, and its own when it is no wider than the widest (never enlarged).
    func copyWidths(for width: Int) -> [Int] {
        var widths = settings.widths.filter { $0 < width }
        if width <= settings.widths.last ?? 0 || widths.isEmpty { widths.append(width) }
        return widths
    }

    /// The full-size original, at its own name (old links keep working), without metadata: a
    /// JPEG in sRGB as it was compressed, anything else re-encoded upright in sRGB.
    func publishOriginal(_ source: String, header: Vips.Header, as format: ImageFormat, to path: String) throws {
        if format == .jpeg, header.isPlainSRGB, try Self.copyJPEG(source, to: path, header: header) { return }
        try Vips.fullSize(source).save(path, as: format, quality: format == .png ? 100 : max(settings.quality, 90))
    }

    /// The largest JPEG original published by copying its segments (phone photos are 2–15 MB).
    static let copiedJPEGLimit = 40 << 20

    /// A JPEG original written without its metadata and without encoding it again (its
    /// orientation kept as a tag: see `JPEGSegments`); false, with nothing left at `path`, when
    /// its layout is not one `JPEGSegments` handles or libvips cannot read the result alike.
    static func copyJPEG(_ source: String, to path: String, header: Vips.Header) throws -> Bool {
        // Held in memory while it is copied: a larger file (a scan, a panorama) is re-encoded
        // by libvips instead, which streams it.
        guard let size = FileStamp(source)?.size, size <= copiedJPEGLimit else { return false }
        guard let stripped = JPEGSegments.withoutMetadata([UInt8](try Data(contentsOf: URL(fileURLWithPath: source))),
                                                          orientation: header.orientation) else { return false }
        try Data(stripped).write(to: URL(fileURLWithPath: path))
        if let copy = try? Vips.header(path), copy.width == header.width, copy.height == header.height,
           copy.orientation == header.orientation, copy.isPlainSRGB {
            return true
        }
        try FileManager.default.removeItem(atPath: path)
        return false
    }

    /// Processes `source` into `folder` (made by the caller, empty). `name`: the published
    /// file's name (`photo.jpg`); `tag`: the content hash put into the copies' names;
    /// `copies`: false for an image no page shows (only its cleaned original is published).
    func process(_ source: String, name: String, tag: String, copies: Bool, into folder: String) throws -> Result {
        let header = try Vips.header(source)
        let stem = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
        switch Self.kind(loader: header.loader) {
        case .asItIs:
            return Result(width: header.width, height: header.height,
                          files: [.init(format: nil, width: header.width, name: name, isCopy: false)], fallback: name)
        case .processed(let format, let keepsOriginal):
            let original = settings.keepOriginals && keepsOriginal
            let widths = copies || !original ? copyWidths(for: header.width) : []
            let formats = [format] + (format == .webp ? [] : [.webp]) + (settings.avif && Vips.canWriteAVIF ? [.avif] : [])
            // The original and the widest copy are made side by side; every other copy is then
            // shrunk from the widest (the file is decoded once for all of them), widest first
            // (the longest encodings start first, so the cores finish together). A single new
            // photo, the usual edit, is so spread over every core; within a parallel loop (many
            // new images) the steps run one after another.
            let widest = widths.last
            let first = Parallel.map([false, true]) { isCopy -> Swift.Result<Vips.Image?, Error> in
                Swift.Result {
                    if isCopy { return try widest.map { try Vips.thumbnail(source, width: $0, hasProfile: header.hasProfile).inMemory() } }
                    if original { try publishOriginal(source, header: header, as: format, to: folder + "/" + name) }
                    return nil
                }
            }
            _ = try first[0].get() // the original's failure, if any, is the image's
            let decoded = try first[1].get()
            let made = Parallel.map(widths.reversed()) { width -> Swift.Result<[Result.File], Error> in
                Swift.Result {
                    guard let decoded else { return [] }
                    let image = width == widest ? decoded : try decoded.shrunk(to: width)
                    return try formats.map { format in
                        let file = "\(stem).\(width)w.\(tag).\(format.fileExtension)"
                        try image.save(folder + "/" + file, as: format, quality: settings.quality)
                        return .init(format: format, width: image.width, name: file, isCopy: true)
                    }
                }
            }
            let files = (original ? [Result.File(format: format, width: header.width, name: name, isCopy: false)] : [])
                + (try made.reversed().flatMap { try $0.get() })
            let fallback = files.last { $0.isCopy && $0.format == format }?.name ?? files[0].name
            return Result(width: header.width, height: header.height, files: files, fallback: fallback)
        }
    }
}
