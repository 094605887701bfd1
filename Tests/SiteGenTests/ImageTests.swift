import Foundation
import Testing
@testable import SiteGen

/// The image stage on real image files, made by libvips in the test: sizes, formats, metadata,
/// orientation, loading hints, share cards, the cache, and bad input.
@Suite struct ImageTests {
    /// A site with a 2000×1500 phone photo tagged "rotate 90°" (so 1500×2000 upright) with a GPS
    /// position, a 640×480 PNG, a post showing both and a post with no image.
    static func photoSite(config: String = TestSite.defaultConfig) throws -> TestSite {
        let site = try TestSite(config: config)
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Content/images"), withIntermediateDirectories: true)
        try Vips.makeTestPhoto(site.root.appendingPathComponent("Content/images/phone.jpg").path, width: 2000, height: 1500, orientation: 6)
        try Vips.makeTestPhoto(site.root.appendingPathComponent("Content/images/screen.png").path, width: 640, height: 480)
        try site.post("photos", title: "写真のある記事", body: """
            はじめに。

            ![現場の写真](/images/phone.jpg "撮影：筆者")

            途中の段落。

            ![画面](../../images/screen.png)
            """)
        try site.post("words", title: "文字だけの記事", date: "2026-01-11", body: "写真のない記事です。")
        return site
    }

    func output(_ site: TestSite, _ relative: String) -> String { site.output.appendingPathComponent(relative).path }

    @Test func photosBecomePicturesWithSizesAndDimensions() throws {
        let site = try Self.photoSite()
        try site.build()
        let html = try site.read("posts/photos/index.html")
        let pictures = html.components(separatedBy: "<picture>").dropFirst().map { String($0.prefix { $0 != "\n" }) }
        #expect(pictures.count == 2)
        let phone = try #require(pictures.first)
        // Upright: the 2000×1500 photo tagged "rotate 90°" is 1500 wide and 2000 high.
        #expect(phone.contains("width=\"1500\" height=\"2000\""))
        #expect(phone.contains("alt=\"現場の写真\""))
        #expect(phone.contains("title=\"撮影：筆者\""))
        // WebP first, then the JPEG srcset on the img, at 480, 800, 1200 and the photo's own 1500 (never enlarged).
        let webp = try #require(phone.between("<source type=\"image/webp\" srcset=\"", "\""))
        let widths = webp.split(separator: ",").map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(widths == ["480w", "800w", "1200w", "1500w"])
        #expect(phone.contains("sizes=\"(max-width: 42rem) 100vw, 42rem\""))
        let jpegs = try #require(phone.between("<img src=\"", "\""))
        #expect(jpegs.hasPrefix("/images/phone.1500w.") && jpegs.hasSuffix(".jpg"))
        // Every file the srcsets name exists and is the width it claims.
        for entry in webp.split(separator: ",") {
            let parts = entry.trimmingCharacters(in: .whitespaces).split(separator: " ")
            let file = output(site, String(parts[0].dropFirst()))
            let header = try Vips.header(file)
            #expect(header.loader.hasPrefix("webpload"), "a WebP that decodes: \(file)")
            #expect("\(header.width)w" == parts[1])
        }
        // The PNG (640 wide) has copies at 480 and 640, in PNG and WebP.
        let screen = pictures[1]
        #expect(screen.contains("width=\"640\" height=\"480\""))
        #expect(screen.contains("480w") && screen.contains("640w") && !screen.contains("800w"))
        #expect(screen.contains(".png 640w"))
    }

    @Test func firstImageFirstTheRestLazy() throws {
        let site = try Self.photoSite()
        try site.build()
        let html = try site.read("posts/photos/index.html")
        let body = try #require(html.between("<picture>", "</article>"))
        let images = ("<picture>" + body).components(separatedBy: "<img ").dropFirst()
        let first = try #require(images.first), second = try #require(images.dropFirst().first)
        #expect(first.prefix { $0 != ">" }.contains("fetchpriority=\"high\""))
        #expect(!first.prefix { $0 != ">" }.contains("loading=\"lazy\""))
        #expect(second.prefix { $0 != ">" }.contains("loading=\"lazy\" decoding=\"async\""))
    }

    @Test func noMetadataLeftAndTheOriginalUpright() throws {
        let site = try Self.photoSite()
        let source = site.root.appendingPathComponent("Content/images/phone.jpg").path
        #expect(try Vips.fields(of: source).contains("exif-ifd3-GPSLatitude"), "the fixture carries a GPS position")
        try site.build()
        let images = site.outputFiles().filter { $0.hasPrefix("images/") }
        #expect(images.contains("images/phone.jpg"), "the original is still published")
        for file in images where file != "images/phone.jpg" {
            let fields = try Vips.fields(of: output(site, file))
            #expect(!fields.contains { $0.hasPrefix("exif-") || $0 == "icc-profile-data" || $0.hasPrefix("xmp") || $0.hasPrefix("iptc") || $0 == "orientation" },
                    "\(file) still has \(fields.filter { $0.hasPrefix("exif") || $0.hasPrefix("xmp") })")
        }
        // The JPEG original: its compressed data as it was (the same pixels, no second lossy
        // encoding) and only its orientation left, as the one EXIF tag, so it shows upright.
        let original = output(site, "images/phone.jpg")
        let fields = try Vips.fields(of: original)
        #expect(!fields.contains { $0.hasPrefix("exif-ifd3") || $0 == "exif-ifd0-Make" || $0.hasPrefix("xmp") || $0.hasPrefix("iptc") || $0 == "icc-profile-data" },
                "\(fields)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: original)))
        #expect(bytes.firstRange(of: JPEGSegments.orientationSegment(6)) != nil, "its one EXIF segment, the orientation")
        #expect(bytes.firstRange(of: Array("sitegen test".utf8)) == nil && bytes.firstRange(of: Array("Exif".utf8))?.lowerBound == bytes.lastRange(of: Array("Exif".utf8))?.lowerBound)
        let header = try Vips.header(original)
        #expect(header.width == 1500 && header.height == 2000 && header.orientation == 6)
        #expect(try Vips.meanColour(of: original) == Vips.meanColour(of: source))
        #expect(try Data(contentsOf: URL(fileURLWithPath: original)).count < Data(contentsOf: URL(fileURLWithPath: source)).count)
    }

    @Test func jpegSegmentsDropMetadataAndTrailingPictures() throws {
        let folder = try TestSite().root
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("photo.jpg").path
        try Vips.makeTestPhoto(path, width: 64, height: 48, orientation: 1)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let plain = try #require(JPEGSegments.withoutMetadata(bytes, orientation: 1))
        // A comment, a multi-picture (MPF) segment and a second picture after the end: all gone.
        let comment: [UInt8] = [0xFF, 0xFE, 0, 7] + Array("GPS!!".utf8)
        let mpf: [UInt8] = [0xFF, 0xE2, 0, 8] + Array("MPF\0".utf8) + [0, 0]
        let padded = Array(bytes[0..<2]) + comment + mpf + Array(bytes[2...]) + Array(bytes[0..<40])
        #expect(JPEGSegments.withoutMetadata(padded, orientation: 1) == plain)
        #expect(plain.firstRange(of: Array("sitegen test".utf8)) == nil && plain.firstRange(of: Array("Exif".utf8)) == nil, "the EXIF is gone")
        #expect(plain.count < bytes.count)
        // Turned: one EXIF segment with the orientation, just before the image's own segments.
        let turned = try #require(JPEGSegments.withoutMetadata(bytes, orientation: 6))
        #expect(turned.count == plain.count + JPEGSegments.orientationSegment(6).count)
        // Anything not laid out as expected is left to libvips: cut short, not a JPEG, an ICC profile.
        #expect(JPEGSegments.withoutMetadata(Array(bytes.prefix(bytes.count / 2)), orientation: 1) == nil)
        #expect(JPEGSegments.withoutMetadata(Array("not a jpeg at all".utf8), orientation: 1) == nil)
        let icc: [UInt8] = [0xFF, 0xE2, 0, 16] + Array("ICC_PROFILE\0".utf8) + [1, 1]
        #expect(JPEGSegments.withoutMetadata(Array(bytes[0..<2]) + icc + Array(bytes[2...]), orientation: 1) == nil)
    }

    @Test func colourProfilesAreConvertedToSRGB() throws {
        let site = try TestSite()
        let images = site.root.appendingPathComponent("Content/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        // An iPhone-like photo: a red stored in Display P3, the P3 profile embedded.
        let red = RGB(hex: "#ca1e1e")!
        try Vips.makeTestP3Swatch(images.appendingPathComponent("p3.jpg").path, colour: red)
        func distance(_ mean: [Double]) -> Double { zip(mean, [red.red, red.green, red.blue]).map { abs($0 - $1) }.max()! }
        #expect(distance(try Vips.meanColour(of: images.appendingPathComponent("p3.jpg").path)) > 15, "the source holds P3 values")
        try site.post("p3", title: "P3 の写真", body: "![赤](/images/p3.jpg)")
        try site.build()
        let outputs = site.outputFiles().filter { $0.hasPrefix("images/p3.") }
        #expect(outputs.count == 3, "the original, its JPEG and WebP copies: \(outputs)")
        for file in outputs {
            #expect(distance(try Vips.meanColour(of: output(site, file))) <= 6, "\(file) is shown in sRGB")
            #expect(!(try Vips.fields(of: output(site, file))).contains("icc-profile-data"), "\(file)")
        }
    }

    @Test func shareCardsCroppedOrTypeset() throws {
        let site = try Self.photoSite()
        try site.build()
        for post in ["photos", "words"] {
            let html = try site.read("posts/\(post)/index.html")
            let card = try #require(html.between("<meta property=\"og:image\" content=\"https://example.com/", "\""))
            #expect(card.hasPrefix("images/cards/"))
            let header = try Vips.header(output(site, card))
            #expect(header.width == 1200 && header.height == 630, "\(card)")
            // Cropped from the photo (JPEG) for the post with one, typeset (PNG) for the other.
            #expect(card.hasSuffix(post == "photos" ? ".jpg" : ".png"))
        }
    }

    @Test func rebuildsReuseProcessedImages() throws {
        let site = try Self.photoSite()
        try site.build()
        let store = site.root.appendingPathComponent(".sitegen-cache/Public/images")
        let stamp = { (name: String) in
            (try? FileManager.default.attributesOfItem(atPath: store.appendingPathComponent(name).path)[.modificationDate] as? Date) ?? nil
        }
        let records = { try FileManager.default.contentsOfDirectory(atPath: store.path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".tsv") } }
        let before = Dictionary(uniqueKeysWithValues: try records().map { ($0, stamp($0)) })
        // A post edited: its images are not processed again (their folders are as they were);
        // only its share card, typeset from the new title, is new.
        try site.post("photos", title: "写真のある記事（改）", body: "![現場の写真](/images/phone.jpg)")
        try site.build()
        let kept = try records().filter { before[$0] != nil }
        #expect(kept.count >= 3, "the photo, the screenshot and the other post's card")
        for name in kept { #expect(stamp(name) == before[name]!, "\(name) made again") }
        #expect(try site.read("posts/photos/index.html").contains("width=\"1500\" height=\"2000\""))
        // The photo replaced: new copies with a new content hash in their names.
        let old = try #require(try site.read("posts/photos/index.html").between("<img src=\"", "\""))
        try Vips.makeTestPhoto(site.root.appendingPathComponent("Content/images/phone.jpg").path, width: 900, height: 600)
        try site.build()
        let html = try site.read("posts/photos/index.html")
        #expect(html.contains("width=\"900\" height=\"600\""))
        #expect(!html.contains(old) && !site.exists(String(old.dropFirst())))
    }

    @Test func settingsChangeTheCopies() throws {
        let site = try Self.photoSite(config: TestSite.defaultConfig + "\nimages:\n  widths: [300, 600]\n  keep_originals: false\n  cards: false\n")
        try site.build()
        let html = try site.read("posts/photos/index.html")
        #expect(html.contains("300w") && html.contains("600w") && !html.contains("800w"))
        #expect(!site.exists("images/phone.jpg"), "keep_originals: false publishes the copies only")
        #expect(!site.outputFiles().contains { $0.hasPrefix("images/cards/") })
    }

    @Test func badImagesAreWarningsNamingTheirPageAndLine() throws {
        let site = try Self.photoSite()
        try site.write("Content/images/notes.jpg", "これは画像ではありません")
        try site.post("broken", title: "壊れた画像", date: "2026-01-12", body: "一行目\n\n![壊れた](/images/notes.jpg)")
        let report = try site.build()
        let warning = try #require(report.warnings.first { $0.described(in: Messages(.en)).contains("/images/notes.jpg") })
        #expect(warning.file == "Content/posts/broken.md")
        #expect(warning.line == 8, "the line of the image in the file")
        // Published as it was, the page's img as written; the other images are processed as usual.
        #expect(try site.read("images/notes.jpg") == "これは画像ではありません")
        #expect(try site.read("posts/broken/index.html").contains("<img src=\"/images/notes.jpg\" alt=\"壊れた\""))
        #expect(try site.read("posts/photos/index.html").contains("<picture>"))
        // A truncated JPEG, told in the site's language.
        let jpeg = try Data(contentsOf: site.root.appendingPathComponent("Content/images/phone.jpg"))
        try jpeg.prefix(jpeg.count / 3).write(to: site.root.appendingPathComponent("Content/images/notes.jpg"))
        let truncated = try site.build().warnings.map { $0.described(in: Messages(.ja)) }
        #expect(truncated.contains { $0.contains("画像 /images/notes.jpg を読み込めなかったため") })
        // An image no page shows: a warning naming the file.
        try site.post("broken", title: "壊れた画像", date: "2026-01-12", body: "画像なし")
        let unused = try #require(try site.build().warnings.first)
        #expect(unused.file == "Content/images/notes.jpg")
    }

    @Test func aMissingImageIsAWarning() throws {
        let site = try Self.photoSite()
        try site.post("missing", title: "画像がない", date: "2026-01-12", body: "![どこにもない](/images/nowhere.jpg)")
        let report = try site.build()
        let warning = try #require(report.warnings.first { $0.described(in: Messages(.en)).contains("/images/nowhere.jpg") })
        #expect(warning.file == "Content/posts/missing.md" && warning.line == 6)
    }

    @Test func checkWeighsImagesItDoesNotResize() async throws {
        let site = try Self.photoSite(config: TestSite.defaultConfig + "\nimages:\n  budget_kb: 2\n")
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><!-- \(String(repeating: "x", count: 3000)) --></svg>"
        try site.write("Content/images/big.svg", svg)
        try site.post("drawing", title: "図", date: "2026-01-12", extra: "description: 図の記事", body: "![大きな図](/images/big.svg)")
        let report = await SiteChecker.check(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now)))
        let over = report.warnings.filter { $0.message.contains("budget") }
        // The SVG (published as it is) is over; the 2000×1500 photo is not: pages show its copies.
        #expect(over.count == 1, "\(over)")
        #expect(over.first?.file == "Content/posts/drawing.md" && over.first?.line == 6)
        #expect(over.first?.message.contains("/images/big.svg is 4 KB, over the 2 KB budget") == true)
    }

    /// `avif: true` adds AVIF copies, offered first; an AVIF or HEIC source (libheif's formats,
    /// which not every browser shows) is published as JPEG and WebP copies only.
    @Test func avifCopiesAndHeifSources() throws {
        let site = try Self.photoSite(config: TestSite.defaultConfig + "\nimages:\n  avif: true\n  widths: [320, 640]\n")
        let images = site.root.appendingPathComponent("Content/images")
        // An AVIF source, written by libvips' HEIF saver from the PNG fixture.
        try Vips.thumbnail(images.appendingPathComponent("screen.png").path, width: 640, hasProfile: false)
            .save(images.appendingPathComponent("iphone.avif").path, as: .avif, quality: 60)
        try site.post("heif", title: "HEIF の写真", date: "2026-01-12", body: "![写真](/images/iphone.avif)")
        try site.build()
        let photos = try site.read("posts/photos/index.html")
        let phone = try #require(photos.between("<picture>", "</picture>"))
        #expect(phone.hasPrefix("<source type=\"image/avif\" srcset=\"/images/phone.320w."))
        #expect(phone.contains("<source type=\"image/webp\""))
        let avif = try #require(phone.between("<source type=\"image/avif\" srcset=\"/", " "))
        #expect(try Vips.header(output(site, avif)).loader.hasPrefix("heifload"))
        let heif = try site.read("posts/heif/index.html")
        #expect(heif.contains("<img src=\"/images/iphone.640w.") && heif.contains(".jpg\" alt=\"写真\" width=\"640\" height=\"480\""))
        #expect(!site.exists("images/iphone.avif"), "the HEIF original is not published")
    }

    @Test func imagesFoundWhereverABodyNamesThem() {
        let body = """
            ![写真](/images/a.jpg "題") と ![図](<b c.png>)
            <img class="x" src="/images/d.png" alt="">
            {{< figure src="e.jpg" alt="図" >}}
            ```
            ![コードの中](/images/no.jpg)
            ```
            [ref]: /images/f.webp
            """
        let uses = ImageUse.all(in: body, bodyLine: 10)
        #expect(uses.map(\.written) == ["/images/a.jpg", "b c.png", "/images/d.png", "e.jpg", "/images/f.webp"])
        #expect(uses.map(\.line) == [10, 10, 11, 12, 16])
        #expect(ImageUse(written: "../img/x.png", line: 0).sitePath(from: "/posts/a/") == "/posts/img/x.png")
        #expect(ImageUse(written: "https://example.com/x.png", line: 0).sitePath(from: "/") == nil)
    }
}
