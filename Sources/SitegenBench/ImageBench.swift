import ArgumentParser
import Foundation
import SiteGen

/// `sitegen-bench images`: the image stage on phone photos and screenshots, beside Hugo's
/// image processing (`.Resize` to the same widths, in the original format and WebP) on the
/// same files, A/B alternating.
struct ImageBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Time processing generated photos and screenshots: sitegen's image stage beside Hugo's .Resize.",
        discussion: """
        Writes a site of --posts posts showing --photos JPEG photos (4000×3000, noise, EXIF \
        orientation and GPS) and --screenshots PNG screenshots, then times: a clean build with \
        no processed images cached, a no-op build, and a build after one photo changed. With \
        --hugo, Hugo builds a site whose template resizes the same images to the same widths \
        (original format and WebP), with its resource cache emptied before each clean build.
        """
    )

    @Option(help: ArgumentHelp("The sitegen binary to time.", valueName: "path"))
    var sitegen = ".build/release/sitegen"
    @Option(help: ArgumentHelp("A Hugo binary to time beside it.", valueName: "path"))
    var hugo: String?
    @Option(help: "Photos (4000×3000 JPEG).") var photos = 200
    @Option(help: "Screenshots (PNG).") var screenshots = 50
    @Option(help: "Posts (each shows a photo; the first ones a screenshot too).") var posts = 200
    @Option(help: "Runs of each build (medians are printed).") var runs = 1
    @Option(help: ArgumentHelp("Folder to write (replaced).", valueName: "dir")) var site = ".bench/images"

    static let widths = [480, 800, 1200, 1600]

    func run() throws {
        let root = URL(fileURLWithPath: site).standardizedFileURL
        // The photos take minutes to make: a folder holding this many already is built again as it is.
        let made = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Content/images").path))?.count ?? 0
        if made == photos + screenshots {
            try run(root)
            return
        }
        try? FileManager.default.removeItem(at: root)
        guard let theme = BundledTheme.folder else { throw ValidationError("the bundled theme is missing") }
        let images = root.appendingPathComponent("Content/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content/posts"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: theme, to: root.appendingPathComponent("Templates"))
        let started = Date()
        let orientations = [1, 6, 3, 8, 1, 1]
        let photoNames = (0..<photos).map { String(format: "photo-%03d.jpg", $0) }
        let shotNames = (0..<screenshots).map { String(format: "screen-%03d.png", $0) }
        DispatchQueue.concurrentPerform(iterations: photos + screenshots) { index in
            if index < photos {
                try? ImageFixtures.photo(at: images.appendingPathComponent(photoNames[index]).path, width: 4000, height: 3000,
                                         orientation: orientations[index % orientations.count])
            } else {
                let n = index - photos
                try? ImageFixtures.screenshot(at: images.appendingPathComponent(shotNames[n]).path, width: 1280,
                                              lines: (0..<60).map { "画面 \(n) の \($0) 行目：納期と検収の条件を確認する。Line \($0) of screen \(n)." })
            }
        }
        try """
        title: 画像のベンチマーク
        language: ja
        base_url: https://bench.example.com/
        images:
          cards: false

        """.write(to: root.appendingPathComponent("Content/site.yml"), atomically: true, encoding: .utf8)
        for index in 0..<posts {
            var body = "写真の記事 \(index)。\n\n![写真](/images/\(photoNames[index % max(photos, 1)]))\n"
            if index < screenshots { body += "\n画面：\n\n![画面](/images/\(shotNames[index]))\n" }
            try "---\ntitle: 写真 \(index)\ndate: 2026-01-01\n---\n\(body)".write(
                to: root.appendingPathComponent("Content/posts/p\(index).md"), atomically: true, encoding: .utf8)
        }
        try writeHugoSite(root.appendingPathComponent("hugo"), images: images)
        print(String(format: "wrote %d photos and %d screenshots in %.1f s", photos, screenshots, Date().timeIntervalSince(started)))
        try run(root)
    }

    /// Times the builds of the site in `root`.
    private func run(_ root: URL) throws {
        let images = root.appendingPathComponent("Content/images")
        let hugoSite = root.appendingPathComponent("hugo")
        let photoNames = (0..<photos).map { String(format: "photo-%03d.jpg", $0) }

        let build = [sitegen, "build", "--source", root.path, "--output", root.appendingPathComponent("Public").path]
        var results: [String: [BuildTimer.Measurement]] = [:]
        for _ in 0..<runs {
            // Nothing kept: the output, its cache and the generation before it (whose images,
            // left over, a first incremental build would otherwise have to clear).
            for kept in [".sitegen-cache", "Public", ".Public.sitegen-spare", ".Public.sitegen-spare.tsv"] {
                try? FileManager.default.removeItem(at: root.appendingPathComponent(kept))
            }
            results["sitegen clean", default: []].append(try BuildTimer.run(build))
            results["sitegen no-op", default: []].append(try BuildTimer.run(build))
            try ImageFixtures.photo(at: images.appendingPathComponent(photoNames[0]).path, width: 4000, height: 3000, orientation: 6)
            results["sitegen one photo", default: []].append(try BuildTimer.run(build))
            if let hugo {
                try? FileManager.default.removeItem(at: hugoSite.appendingPathComponent("resources"))
                try? FileManager.default.removeItem(at: hugoSite.appendingPathComponent("public"))
                let command = [hugo, "--quiet", "--source", hugoSite.path]
                results["hugo clean", default: []].append(try BuildTimer.run(command))
                results["hugo no-op", default: []].append(try BuildTimer.run(command))
                try FileManager.default.removeItem(at: hugoSite.appendingPathComponent("assets/images/" + photoNames[0]))
                try FileManager.default.copyItem(at: images.appendingPathComponent(photoNames[0]),
                                                 to: hugoSite.appendingPathComponent("assets/images/" + photoNames[0]))
                results["hugo one photo", default: []].append(try BuildTimer.run(command))
            }
        }
        print("\(photos) photos (4000×3000 JPEG), \(screenshots) screenshots (PNG), \(posts) posts; widths \(Self.widths), original format + WebP")
        print("build                 seconds   peak MiB")
        for kind in ["sitegen clean", "sitegen no-op", "sitegen one photo", "hugo clean", "hugo no-op", "hugo one photo"] {
            guard let measured = results[kind], !measured.isEmpty else { continue }
            let seconds = measured.map(\.seconds).sorted()[measured.count / 2]
            let peak = measured.map(\.peakMiB).sorted()[measured.count / 2]
            print(kind.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%9.2f %10.0f", seconds, peak))
        }
    }

    /// A Hugo site whose home page resizes every image to the widths (never above its own), in
    /// its own format and in WebP: the work sitegen's image stage does, in Hugo's terms.
    private func writeHugoSite(_ folder: URL, images: URL) throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("layouts"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: images, to: folder.appendingPathComponent("assets/images"))
        try "baseURL = 'https://bench.example.com/'\ntitle = 'images'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n"
            .write(to: folder.appendingPathComponent("hugo.toml"), atomically: true, encoding: .utf8)
        let widths = Self.widths.map(String.init).joined(separator: " ")
        try """
        <!DOCTYPE html><html><body>
        {{ range resources.Match "images/*" }}{{ $img := . }}
        {{ range slice \(widths) }}{{ if le . $img.Width }}
        <img src="{{ ($img.Resize (printf "%dx" .)).RelPermalink }}"><img src="{{ ($img.Resize (printf "%dx webp" .)).RelPermalink }}">
        {{ end }}{{ end }}{{ end }}
        </body></html>
        """.write(to: folder.appendingPathComponent("layouts/index.html"), atomically: true, encoding: .utf8)
    }
}
