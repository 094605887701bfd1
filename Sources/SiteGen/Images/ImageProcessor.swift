import Foundation

/// One source image made into the files a site publishes (`ImageStage` decides which images,
/// `ImageStore` keeps the results between builds). Every file written here is re-encoded by
/// libvips: upright by its orientation tag, in sRGB, with no metadata left (no EXIF, so no GPS
/// position of where a phone photo was taken).
struct ImageProcessor {
    /// Changes whenever what processing makes does, so cached images are made again.
    static let version = 3
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
            // The full-size original and the largest copy are made side by side; the smaller
            // copies are then shrunk from the largest (the file is decoded once for all of
            // them), each width on its own core: a single new photo, the usual edit, is not left
            // to one. Within a parallel loop (many new images) the steps run one after another.
            let original = settings.keepOriginals && keepsOriginal
            let widths = copies || !original ? copyWidths(for: header.width) : []
            let widest = widths.max()
            let formats = [format] + (format == .webp ? [] : [.webp]) + (settings.avif && Vips.canWriteAVIF ? [.avif] : [])
            let largest = Parallel.map([true, false]) { isOriginal -> Swift.Result<Vips.Image?, Error> in
                Swift.Result {
                    if isOriginal {
                        guard original else { return nil }
                        // Full size, upright, without metadata, at its own name (old links keep working).
                        try Vips.fullSize(source).save(folder + "/" + name, as: format, quality: format == .png ? 100 : max(settings.quality, 90),
                                                       progressive: false)
                        return nil
                    }
                    return try widest.map { try Vips.thumbnail(source, width: $0, hasProfile: header.hasProfile).inMemory() }
                }
            }
            try largest[0].get()
            let copies = try largest[1].get()
            let made = Parallel.map(widths) { width -> Swift.Result<[Result.File], Error> in
                Swift.Result {
                    guard let copies else { return [] }
                    let image = width == widest ? copies : try copies.shrunk(to: width)
                    return try formats.map { format in
                        let file = "\(stem).\(width)w.\(tag).\(format.fileExtension)"
                        try image.save(folder + "/" + file, as: format, quality: settings.quality)
                        return .init(format: format, width: image.width, name: file, isCopy: true)
                    }
                }
            }
            let files = (original ? [Result.File(format: format, width: header.width, name: name, isCopy: false)] : [])
                + (try made.flatMap { try $0.get() })
            let fallback = files.last { $0.isCopy && $0.format == format }?.name ?? files[0].name
            return Result(width: header.width, height: header.height, files: files, fallback: fallback)
        }
    }
}
