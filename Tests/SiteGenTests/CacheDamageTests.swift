import Foundation
import Testing
@testable import SiteGen

/// The cache can be damaged but never lies or crashes: whatever happens to a file in
/// `.sitegen-cache/` (cut short, zeroed, random bytes, a same-length edit of a record), the
/// next build succeeds and its output is byte for byte a clean build's.
@Suite struct CacheDamageTests {
    /// A site whose incremental builds read every cache: tagged posts (related posts), code,
    /// a table, Japanese and English text (search tokens), more posts than a page lists.
    static func site() throws -> TestSite {
        let site = try TestSite()
        for n in 0..<12 {
            try site.post("p\(n)", title: "記事 \(n) の見出し", date: "2026-01-\(String(format: "%02d", n + 1))",
                          extra: "tags: [納期, tag\(n % 3)]",
                          body: """
                          ## 何が起きたか \(n)

                          More text \(700 + n). 仮払いのない案件は受けない。

                          | 項目 | 内容 |
                          | :-- | --: |
                          | 納期 | \(n) 日 |

                          ```swift
                          let answer = \(n)
                          ```
                          """)
        }
        return site
    }

    /// Every file under `folder`, by relative path, with its bytes.
    static func tree(_ folder: URL) -> [String: Data] {
        let base = folder.standardizedFileURL.path
        var files: [String: Data] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: base)?.allObjects ?? [] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[relative] = FileManager.default.contents(atPath: base + "/" + relative)
        }
        return files
    }

    /// A clean build of the site as it is now, into a folder of its own.
    static func reference(_ site: TestSite) throws -> [String: Data] {
        let folder = site.root.appendingPathComponent("Reference")
        _ = try Builder.build(BuildOptions(source: site.root, output: folder, content: ContentOptions(now: TestSite.now), clean: true))
        return tree(folder)
    }

    static func build(_ site: TestSite, clean: Bool = false) throws -> BuildReport {
        try Builder.build(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now), clean: clean))
    }

    /// The files a build reads back: everything in the cache folder but the lock, and the spare's manifest.
    static func cacheFiles(_ site: TestSite) -> [URL] {
        let folder = site.root.appendingPathComponent(".sitegen-cache/Public")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 != "lock" && $0 != "images" }.sorted()
        // The processed images' index and records (`ImageStore`), besides the build's own files.
        let images = folder.appendingPathComponent("images")
        let records = ((try? FileManager.default.contentsOfDirectory(atPath: images.path)) ?? []).sorted().compactMap { name in
            name == "sources.tsv" ? images.appendingPathComponent(name)
                : FileManager.default.fileExists(atPath: images.appendingPathComponent(name + "/record").path) ? images.appendingPathComponent(name + "/record") : nil
        }
        return names.map { folder.appendingPathComponent($0) } + records.prefix(3) + [site.root.appendingPathComponent(".Public.sitegen-spare.tsv")]
    }

    enum Damage: CaseIterable { case truncate, zero, randomBytes, flipOneByte }

    static func damage(_ file: URL, _ kind: Damage, random: inout SeededRandom) throws {
        var bytes = [UInt8](try Data(contentsOf: file))
        guard !bytes.isEmpty else { return }
        switch kind {
        case .truncate:
            bytes.removeLast(Int.random(in: 1...bytes.count, using: &random))
        case .zero:
            bytes = [UInt8](repeating: 0, count: bytes.count)
        case .randomBytes:
            let start = Int.random(in: 0..<bytes.count, using: &random)
            for i in start..<min(bytes.count, start + 64) { bytes[i] = UInt8.random(in: 0...255, using: &random) }
        case .flipOneByte: // the same length, one byte of a payload or a number changed
            let i = Int.random(in: min(32, bytes.count - 1)..<bytes.count, using: &random)
            bytes[i] ^= UInt8.random(in: 1...255, using: &random)
        }
        try Data(bytes).write(to: file)
    }

    @Test func everyDamagedCacheFileIsMadeAgainAndTheOutputIsAlwaysACleanBuilds() throws {
        let seed = ProcessInfo.processInfo.environment["SITEGEN_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        var random = SeededRandom(seed: seed)
        let site = try Self.site()
        _ = try Self.build(site)
        try site.post("p0", title: "記事 0 の見出し", date: "2026-01-01", extra: "tags: [納期, tag0]", body: "最初の編集。")
        _ = try Self.build(site) // the spare generation and every cache file exist now
        let files = Self.cacheFiles(site)
        try #require(files.count >= 12, "seed \(seed): \(files.map(\.lastPathComponent))")
        var trial = 0
        var repairedSeen = Set<String>()
        for file in files {
            for kind in Damage.allCases {
                trial += 1
                let context = "seed \(seed), trial \(trial): \(file.lastPathComponent), \(kind)"
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                try Self.damage(file, kind, random: &random)
                // A clean build now and then: it must read nothing from the damaged cache either.
                if Int.random(in: 0..<3, using: &random) == 0 {
                    _ = try Self.build(site, clean: true)
                    #expect(Self.tree(site.output) == (try Self.reference(site)), "\(context): the clean build")
                }
                // An edited post, or an edited template: the build reads everything else back.
                let n = Int.random(in: 0..<12, using: &random)
                if trial % 2 == 0 {
                    try site.post("p\(n)", title: "記事 \(n) の見出し", date: "2026-01-\(String(format: "%02d", n + 1))",
                                  extra: "tags: [納期, tag\(n % 3)]", body: "More text \(trial). 試行 \(trial) の編集。")
                } else {
                    let footer = site.root.appendingPathComponent("Templates/partials/footer.mustache")
                    try (try String(contentsOf: footer, encoding: .utf8) + "\n<!-- \(trial) -->").write(to: footer, atomically: true, encoding: .utf8)
                }
                let report = try Self.build(site)
                repairedSeen.formUnion(report.cacheRepaired)
                #expect(Self.tree(site.output) == (try Self.reference(site)), "\(context): the output is not a clean build's")
            }
        }
        // Damage is noticed, not only survived (which files, depends on where the seed's damage fell;
        // `anEditedRecordIsNeverPublished` checks one case exactly).
        #expect(repairedSeen.count >= 3, "seed \(seed): \(repairedSeen.sorted())")
        print("cache damage trials (seed \(seed)): \(trial), repaired: \(repairedSeen.sorted())")
    }

    /// A rendered body edited in place (same length) is never published, by an ordinary
    /// build or after `--clean`; the build says the cache was repaired.
    @Test func anEditedRecordIsNeverPublished() throws {
        let site = try Self.site()
        _ = try Self.build(site)
        let pack = site.root.appendingPathComponent(".sitegen-cache/Public/markdown.pack")
        func hack() throws {
            var bytes = try Data(contentsOf: pack)
            let original = Data("More text 707.".utf8), hacked = Data("HACKED!!! 707.".utf8)
            let range = try #require(bytes.range(of: original))
            bytes.replaceSubrange(range, with: hacked)
            try bytes.write(to: pack)
        }
        let footer = site.root.appendingPathComponent("Templates/partials/footer.mustache")
        func editTemplate(_ mark: String) throws {
            try (try String(contentsOf: footer, encoding: .utf8) + "<!-- \(mark) -->").write(to: footer, atomically: true, encoding: .utf8)
        }
        try hack()
        try editTemplate("1")
        let report = try Self.build(site)
        #expect(report.cacheRepaired == ["markdown.pack"])
        #expect(report.cacheRepair.map { Messages.english($0) }?.contains("markdown.pack") == true)
        #expect(try site.read("posts/p7/index.html").contains("More text 707."))
        #expect(Self.tree(site.output).values.allSatisfy { $0.range(of: Data("HACKED".utf8)) == nil })
        // `--clean` reads nothing and writes the pack anew: the next ordinary build finds no damage.
        try hack()
        _ = try Self.build(site, clean: true)
        try editTemplate("2")
        let after = try Self.build(site)
        #expect(after.cacheRepaired.isEmpty)
        #expect(Self.tree(site.output).values.allSatisfy { $0.range(of: Data("HACKED".utf8)) == nil })
        #expect(Self.tree(site.output) == (try Self.reference(site)))
    }
}
