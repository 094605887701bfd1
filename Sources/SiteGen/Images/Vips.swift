import CVips
import Foundation

/// libvips through the functions in `CVips` (loaded by the first image, see `CVips.h`). Everything it makes is written straight to
/// files; an image's pixels are held only while one of its copies is made.
enum Vips {
    /// libvips is started once, before the first image (it may not be started twice).
    private static let started: String? = sitegen_vips_start() == 0 ? nil : lastError()

    /// What went wrong in libvips, as it said it (its message buffer is the process's; it is
    /// read and cleared under a lock so two images' messages do not mix).
    private static let errors = NSLock()
    static func lastError() -> String {
        errors.withLock {
            let text = String(cString: sitegen_vips_error_buffer()).trimmingCharacters(in: .whitespacesAndNewlines)
            sitegen_vips_error_clear()
            return text.split(separator: "\n").last.map(String.init) ?? text
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func start() throws {
        if let problem = started { throw Failure(description: problem) }
    }

    /// The version of the library this process runs, part of every processed image's key
    /// ("" when it cannot be loaded: every image then fails with the reason).
    static var version: String { (try? start()).map { String(cString: sitegen_vips_version()) } ?? "" }

    static var canWriteAVIF: Bool { (try? start()) != nil && sitegen_vips_can_save_avif() != 0 }

    /// What a file's header says, without decoding its pixels.
    struct Header {
        /// As shown: after the orientation tag turns it upright.
        var width: Int
        var height: Int
        /// The loader libvips chose (`jpegload`, `pngload`, `heifload`…): what the file is, whatever its name.
        var loader: String
        var pages: Int
        /// The file embeds an ICC profile, which its pixels are converted to sRGB from.
        var hasProfile: Bool
        /// The EXIF orientation (1: upright as stored).
        var orientation: Int
        /// The pixels are shown as they are stored: sRGB or grey, with no profile.
        var isPlainSRGB: Bool
    }

    static func header(_ path: String) throws -> Header {
        try start()
        guard let image = sitegen_vips_header(path) else { throw Failure(description: lastError()) }
        defer { sitegen_vips_unref(image) }
        let (width, height) = (Int(sitegen_vips_width(image)), Int(sitegen_vips_height(image)))
        let orientation = Int(sitegen_vips_orientation(image))
        let turned = (5...8).contains(orientation)
        return Header(width: turned ? height : width, height: turned ? width : height,
                      loader: sitegen_vips_loader(image).map { String(cString: $0) } ?? "", pages: Int(sitegen_vips_n_pages(image)),
                      hasProfile: sitegen_vips_has_profile(image) != 0, orientation: orientation,
                      isPlainSRGB: sitegen_vips_has_profile(image) == 0 && sitegen_vips_is_srgb(image) != 0)
    }

    /// A libvips image, released when the last reference goes.
    final class Image: @unchecked Sendable { // a libvips image is never changed once made, and libvips reads one from any thread
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { sitegen_vips_unref(pointer) }

        var width: Int { Int(sitegen_vips_width(pointer)) }
        var height: Int { Int(sitegen_vips_height(pointer)) }

        /// Decoded into memory once, so several encodings read it without decoding the file again.
        func inMemory() throws -> Image {
            guard let copy = sitegen_vips_in_memory(pointer) else { throw Failure(description: Vips.lastError()) }
            return Image(copy)
        }

        /// Shrunk (never enlarged) to `width`: for an image already upright and in sRGB.
        func shrunk(to width: Int) throws -> Image {
            try Vips.make { sitegen_vips_shrink(pointer, Int32(width), $0) }
        }

        /// Written to `path` without any metadata.
        func save(_ path: String, as format: ImageFormat, quality: Int) throws {
            let status: Int32 = switch format {
            case .jpeg: sitegen_vips_save_jpeg(pointer, path, Int32(quality))
            case .png: sitegen_vips_save_png(pointer, path)
            case .webp: sitegen_vips_save_webp(pointer, path, Int32(quality))
            case .avif: sitegen_vips_save_avif(pointer, path, Int32(quality))
            }
            guard status == 0 else { throw Failure(description: Vips.lastError()) }
            if format == .webp { try WebPChunks.removeMetadata(atPath: path) }
        }
    }

    /// The file shrunk (never enlarged) to `width`, upright and in sRGB (`hasProfile`: from the
    /// ICC profile the header says it embeds).
    static func thumbnail(_ path: String, width: Int, hasProfile: Bool) throws -> Image {
        try make { sitegen_vips_thumbnail(path, Int32(width), hasProfile ? 1 : 0, $0) }
    }

    /// The whole image, upright and in sRGB, with memory bounded however large it is.
    static func fullSize(_ path: String) throws -> Image {
        try make { sitegen_vips_full_size(path, $0) }
    }

    /// The file scaled to cover width × height and cropped to it around its most striking part.
    static func cover(_ path: String, width: Int, height: Int) throws -> Image {
        try make { sitegen_vips_cover(path, Int32(width), Int32(height), $0) }
    }

    /// A width × height canvas of one colour.
    static func canvas(width: Int, height: Int, colour: RGB) throws -> Image {
        try make { sitegen_vips_canvas(Int32(width), Int32(height), colour.red, colour.green, colour.blue, $0) }
    }

    /// `markup` (Pango markup) set in `font` and wrapped within `width`: a grey-level mask.
    static func text(_ markup: String, font: String, width: Int, spacing: Int) throws -> Image {
        try make { sitegen_vips_text(markup, font, Int32(width), Int32(spacing), $0) }
    }

    /// `mask` painted in `colour` onto `base` with its top left corner at x, y.
    static func paint(_ mask: Image, onto base: Image, x: Int, y: Int, colour: RGB) throws -> Image {
        try make { sitegen_vips_paint(base.pointer, mask.pointer, Int32(x), Int32(y), colour.red, colour.green, colour.blue, $0) }
    }

    /// A noise photo with an orientation tag and a GPS position in its EXIF (tests and the bench).
    static func makeTestPhoto(_ path: String, width: Int, height: Int, orientation: Int = 1) throws {
        try start()
        guard sitegen_vips_make_noise_jpeg(path, Int32(width), Int32(height), Int32(orientation)) == 0 else {
            throw Failure(description: lastError())
        }
    }

    /// A JPEG of one sRGB colour stored in Display P3, with the P3 profile embedded (tests).
    static func makeTestP3Swatch(_ path: String, colour: RGB) throws {
        try start()
        guard sitegen_vips_make_p3_jpeg(path, colour.red, colour.green, colour.blue) == 0 else { throw Failure(description: lastError()) }
    }

    /// The mean value of each band of a file's pixels as stored (tests).
    static func meanColour(of path: String) throws -> [Double] {
        try start()
        return try (0..<3).map { band in
            var mean = 0.0
            guard sitegen_vips_band_mean(path, Int32(band), &mean) == 0 else { throw Failure(description: lastError()) }
            return mean
        }
    }

    /// The names of a file's metadata fields (`exif-ifd3-GPSLatitude`, `orientation`…), for tests.
    static func fields(of path: String) throws -> [String] {
        try start()
        guard let joined = sitegen_vips_fields(path) else { throw Failure(description: lastError()) }
        defer { sitegen_vips_free(joined) }
        return String(cString: joined).split(separator: "\n").map(String.init)
    }

    fileprivate static func make(_ call: (UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws -> Image {
        try start()
        var out: OpaquePointer?
        guard call(&out) == 0, let out else { throw Failure(description: lastError()) }
        return Image(out)
    }
}

/// The formats sitegen writes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, avif

    var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    var mediaType: String { "image/" + rawValue }
}
