import Foundation

/// Image files made with libvips for tests and `sitegen-bench images`: photos as a phone takes
/// them (noise, an EXIF orientation tag and a GPS position) and screenshots (flat colour, text).
public enum ImageFixtures {
    /// A JPEG (or, by its suffix, PNG) `width` × `height` photo with `orientation` in its EXIF.
    public static func photo(at path: String, width: Int, height: Int, orientation: Int = 1) throws {
        do { try Vips.makeTestPhoto(path, width: width, height: height, orientation: orientation) } catch let failure as Vips.Failure {
            throw SiteError(file: path, Message("file.failed", ["problem": failure.description]))
        }
    }

    /// A PNG screenshot: `lines` lines of text on white, `width` wide.
    public static func screenshot(at path: String, width: Int, lines: [String]) throws {
        do {
            let text = lines.map { ShareCard.pango($0) }.joined(separator: "\n")
            let mask = try Vips.text(text, font: "\(ShareCard.font) 22", width: width - 80, spacing: 14)
            let canvas = try Vips.canvas(width: width, height: mask.height + 80, colour: RGB(hex: "#ffffff")!)
            try Vips.paint(mask, onto: canvas, x: 40, y: 40, colour: RGB(hex: "#222222")!).save(path, as: .png, quality: 100)
        } catch let failure as Vips.Failure {
            throw SiteError(file: path, Message("file.failed", ["problem": failure.description]))
        }
    }
}
