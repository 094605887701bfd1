import Foundation
import Testing
@testable import SiteGen

/// Nasty and random input: the build either writes pages or reports a clear error
/// that names the file; it never crashes and never writes outside the output folder.
@Suite struct HostileInputTests {
    /// The byte scan for `.`/`..` segments and NUL against the plain rule, on random paths
    /// made of the characters that matter.
    @Test func unsafeSegmentsAreFoundAsTheRuleSays() {
        var random = SeededRandom(seed: 41)
        let alphabet: [Character] = [".", ".", "/", "a", "\u{0}", "。", "é"]
        for _ in 0..<20_000 {
            let path = String((0..<Int.random(in: 0...9, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let rule = path.split(separator: "/").contains { $0 == ".." || $0 == "." } || path.utf8.contains(0)
            #expect(URLPath.hasUnsafeSegment(path) == rule, "\(path.debugDescription)")
        }
    }

    static let corpus = TestSite.repoRoot.appendingPathComponent("Tests/SiteGenTests/Corpus")

    enum Outcome { case builds(page: String), fails(containing: String) }

    static let expectations: [String: Outcome] = [
        "2026-01-01-bom.md": .builds(page: "posts/bom/index.html"),
        "2026-01-02-crlf.md": .builds(page: "posts/crlf/index.html"),
        "2026-01-03-empty.md": .builds(page: "posts/empty/index.html"),
        "2026-01-04-front-matter-only.md": .builds(page: "posts/front-matter-only/index.html"),
        "2026-01-05-unterminated.md": .fails(containing: "never closed"),
        "2026-01-06-emoji.md": .builds(page: "posts/emoji/index.html"),
        "2017-02-30-impossible-date.md": .fails(containing: "2017-02-30"),
        "2026-01-09-list-front-matter.md": .fails(containing: "key: value"),
        "2026-01-10-title-mapping.md": .fails(containing: "`title`"),
        "2026-01-11-traversal-slug.md": .builds(page: "posts/etc-passwd/index.html"),
        "2026-01-12-hostile-text.md": .builds(page: "posts/hostile-text/index.html"),
    ]

    @Test(arguments: expectations.keys.sorted())
    func corpus(_ name: String) throws {
        let site = try TestSite()
        let source = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
        try source.write(to: site.root.appendingPathComponent("Content/posts/\(name)"))
        let before = try Self.filesOutsideOutput(site)
        switch try #require(Self.expectations[name]) {
        case .builds(let page):
            try site.build()
            let html = try site.read(page)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(!html.contains("<script>alert"))
            #expect(!html.contains("\u{0}") && !html.contains("\u{1}"))
            try Self.expectWellFormedFeeds(site)
        case .fails(let text):
            let errors = site.buildErrors()
            #expect(errors.contains { $0.file == "Content/posts/\(name)" && $0.description.contains(text) }, "\(errors)")
        }
        #expect(try Self.filesOutsideOutput(site) == before)
    }

    @Test func duplicateSlugsInTheCorpusAreAnError() throws {
        let site = try TestSite()
        for name in ["2026-01-07-dup-a.md", "2026-01-08-dup-b.md"] {
            try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent(name),
                                             to: site.root.appendingPathComponent("Content/posts/\(name)"))
        }
        #expect(site.buildErrors().contains { $0.message.contains("/posts/same/") })
    }

    @Test func emojiAndCombiningTagsGetPages() throws {
        let site = try TestSite()
        try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent("2026-01-06-emoji.md"),
                                         to: site.root.appendingPathComponent("Content/posts/2026-01-06-emoji.md"))
        try site.build()
        // NFC: "cafe" + combining acute is stored as "café"; "か" + dakuten as "が".
        #expect(site.exists("tags/café/index.html"))
        #expect(site.exists("tags/が/index.html"))
        #expect(site.outputFiles().contains { $0.hasPrefix("tags/") && $0.contains("お祝い") })
    }

    @Test func invalidUTF8IsAClearError() throws {
        let site = try TestSite()
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A, 0xC3, 0x28])
            .write(to: site.root.appendingPathComponent("Content/posts/2026-01-01-binary.md"))
        let error = try #require(site.buildErrors().first)
        #expect(error.file == "Content/posts/2026-01-01-binary.md")
        #expect(error.message.contains("UTF-8"))
    }

    @Test func deeplyNestedListsAndQuotesAndATenMegabytePost() throws {
        let site = try TestSite()
        let nestedList = (0..<1000).map { String(repeating: "  ", count: $0) + "- 項目\($0)" }.joined(separator: "\n")
        let nestedQuote = String(repeating: ">", count: 5000) + " 深い引用"
        try site.post("deep", title: "深い入れ子", body: nestedList + "\n\n" + nestedQuote)
        let paragraph = String(repeating: "とても長い記事の一文です。", count: 40) + "\n\n"
        let big = String(repeating: paragraph, count: 10 * 1024 * 1024 / paragraph.utf8.count + 1)
        #expect(big.utf8.count > 10 * 1024 * 1024)
        try site.post("huge", title: "10MBの記事", date: "2026-01-11", body: big)
        try site.build()
        #expect(site.exists("posts/deep/index.html"))
        let huge = try site.read("posts/huge/index.html")
        #expect(huge.utf8.count > 10 * 1024 * 1024)
        let card = try #require(try site.read("index.html").between("<p class=\"card__summary\">", "</p>"))
        #expect(card.count <= Summary.cjkLimit)
    }

    @Test func symlinksOutOfTheSiteAreNotFollowed() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        let site = try TestSite()
        try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("Content/leak"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("Content/leak.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.txt"))
        try site.write("Content/inside.txt", "ok")
        try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("Content/alias.txt"),
                                                   withDestinationURL: site.root.appendingPathComponent("Content/inside.txt"))
        try site.build()
        #expect(!site.outputFiles().contains { $0.contains("secret") || $0.hasPrefix("leak") })
        #expect(try site.read("alias.txt") == "ok") // a link inside the site is fine
    }

    /// A clean build compares what it makes with the files already in the output folder: a
    /// page replaced by a link to a file elsewhere holding the same bytes, or by a pipe, is
    /// written again as a file of its own (the link's target untouched, no wait on the pipe).
    @Test func outputFilesReplacedByLinksOrPipesAreWrittenAgain() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-outside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        let site = try TestSite()
        try site.post("linked", title: "リンクされた記事")
        try site.post("piped", title: "パイプにされた記事")
        try site.build()
        let linked = site.output.appendingPathComponent("posts/linked/index.html")
        let piped = site.output.appendingPathComponent("posts/piped/index.html")
        let (linkedPage, pipedPage) = (try Data(contentsOf: linked), try Data(contentsOf: piped))
        try linkedPage.write(to: outside)
        try FileManager.default.removeItem(at: linked)
        try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: outside)
        try FileManager.default.removeItem(at: piped)
        #expect(mkfifo(piped.path, 0o644) == 0)
        _ = try Builder.build(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now), clean: true))
        for (file, page) in [(linked, linkedPage), (piped, pipedPage)] {
            let kind = try FileManager.default.attributesOfItem(atPath: file.path)[.type] as? FileAttributeType
            #expect(kind == .typeRegular, "\(file.path)")
            #expect(try Data(contentsOf: file) == page)
        }
        #expect(try Data(contentsOf: outside) == linkedPage)
    }

    @Test func permalinkPatternsCannotClimbOut() throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\npermalink: /../../:slug/")
        let error = try #require(site.buildErrors().first)
        #expect(error.file == "Content/site.yml")
        #expect(error.message.contains("permalink"))
    }

    // MARK: - Generated input

    /// Random Markdown, front matter and services.yml from a seeded generator, so a
    /// failure can be replayed from its seed.
    @Test(arguments: 0..<40)
    func generatedSites(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let site = try TestSite()
        // A quarter of the seeds break the structure of the files; the rest keep it and
        // put hostile text in every value and in the Markdown.
        let chaos = seed % 4 == 3
        for n in 0..<Int.random(in: 1...4, using: &random) {
            try site.write("Content/posts/2026-01-0\(n + 1)-p\(n).md", Fuzz.post(&random, chaos: chaos))
        }
        if Bool.random(using: &random) { try site.write("Content/services.yml", Fuzz.services(&random, chaos: chaos)) }
        let before = try Self.filesOutsideOutput(site)
        do {
            try site.build()
            for page in site.outputFiles() where page.hasSuffix(".html") {
                let html = try site.read(page)
                #expect(html.hasPrefix("<!DOCTYPE html>") || html.isEmpty == false)
                if let json = html.between("<script type=\"application/ld+json\">", "</script>") {
                    #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "seed \(seed): \(page)")
                }
            }
            try Self.expectWellFormedFeeds(site)
            if ProcessInfo.processInfo.environment["SITEGEN_FUZZ_VERBOSE"] != nil { print("seed \(seed): built") }
        } catch let failure as BuildFailure {
            if ProcessInfo.processInfo.environment["SITEGEN_FUZZ_VERBOSE"] != nil { print("seed \(seed): \(failure.errors.first!)") }
            #expect(!failure.errors.isEmpty)
            #expect(failure.errors.allSatisfy { $0.file.hasPrefix("Content/") && !$0.message.isEmpty }, "seed \(seed): \(failure)")
        } catch let error as SiteError {
            #expect(error.file.hasPrefix("Content/"), "seed \(seed): \(error)")
        }
        #expect(try Self.filesOutsideOutput(site) == before, "seed \(seed)")
    }

    static func expectWellFormedFeeds(_ site: TestSite) throws {
        for feed in ["feed.xml", "rss.xml", "sitemap.xml"] {
            #expect(throws: Never.self) { _ = try XMLNode.parse(site.read(feed)) }
        }
    }

    /// Every file under the site folder but the output, and the temp folder's entries
    /// that look like sitegen's: a build may change nothing of these.
    /// Files outside the output folder, except the build cache beside it (`.sitegen-cache/Public/`,
    /// which the incremental build keeps there on purpose).
    static func filesOutsideOutput(_ site: TestSite) throws -> [String] {
        let root = site.root.path
        let inside = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }
            .filter { !$0.hasPrefix("Public") && !$0.hasPrefix(".Public") && $0 != ".sitegen-cache" && !$0.hasPrefix(".sitegen-cache/Public") && !$0.hasPrefix(".sitegen-cache/images") }
            .sorted() ?? []
        let beside = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains("sitegen-tmp") || $0.contains("sitegen-old") }
        return inside + beside
    }
}

typealias SplitMix64 = SeededRandom

/// Pieces of hostile input, combined at random.
enum Fuzz {
    static let strings = [
        "<script>alert(1)</script>", "]]>", "&amp;", "\"quoted\"", "'single'", "../../etc/passwd", "/abs/path",
        "\u{0}", "\u{1}\u{1F}", "\u{FFFE}", "\u{202E}reversed", "e\u{301}", "👩‍💻", "クラウドソーシング", "",
        "   ", "a: b", "- item", "{ flow: map }", "[1, 2", "%E3%81%82", "C:\\Windows", "javascript:alert(1)",
        String(repeating: "長", count: 500), "#hash", "`code`", "***", "2017-02-30", "null", "~",
    ]

    static let markdown = [
        "# 見出し", "## 同じ見出し", "## 同じ見出し", "- リスト\n  - 入れ子", "> 引用\n>> 二重", "| a | b |\n| - | - |\n| 1 | 2 |",
        "```swift\nlet x = 1\n```", "```\n未閉じのコード", "<div>html</div>", "<!--more-->", "[リンク](javascript:alert(1))",
        "![](/nowhere.png)", "[^1]\n\n[^1]: 脚注", "- [x] done", "~~消す~~", "https://example.com", "***強調***",
        "<script>alert(1)</script>", "[f:id:user:20170918204521j:plain]", "\\", "&#0;", "&#x110000;",
    ]

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    static func value(_ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return TestSite.yamlQuoted(pick(strings, &random))
        case 1: return pick(strings, &random)
        case 2: return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in TestSite.yamlQuoted(pick(strings, &random)) }.joined(separator: ", ") + "]"
        default: return pick(["true", "false", "2026-01-05", "2026-01-05 10:00", "12", "-1", "{a: 1}"], &random)
        }
    }

    /// Well-formed front matter with hostile values (most seeds), or structural chaos (a few).
    static func post(_ random: inout SplitMix64, chaos: Bool) -> String {
        func text() -> String { TestSite.yamlQuoted(pick(strings, &random)) }
        var lines = ["title: \(chaos ? value(&random) : text())", "date: \(pick(["2026-01-05", "2026-01-05 10:00", "2025-12-31T23:59:59Z"], &random))"]
        for key in ["tags", "categories", "aliases"] where Bool.random(using: &random) {
            lines.append("\(key): " + (chaos ? value(&random) : "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in text() }.joined(separator: ", ") + "]"))
        }
        if Bool.random(using: &random) {
            lines.append("slug: " + (chaos ? value(&random) : TestSite.yamlQuoted(pick(["../../etc/passwd", "e\u{301}", "クラウドソーシング", "a/b", "x\u{0}y", "%2e%2e"], &random))))
        }
        for key in ["description", "image", "tilte"] where Bool.random(using: &random) {
            lines.append("\(key): \(chaos ? value(&random) : text())")
        }
        for key in ["draft", "ads", "sponsored"] where Bool.random(using: &random) {
            lines.append("\(key): \(chaos ? value(&random) : pick(["true", "false"], &random))")
        }
        if chaos && Bool.random(using: &random) { lines.append(pick(strings, &random)) } // a stray line
        var text = "---\n" + lines.joined(separator: "\n") + "\n---\n"
        if chaos && Bool.random(using: &random) { text = String(text.dropLast(4)) } // unterminated
        let body = (0..<Int.random(in: 0...12, using: &random)).map { _ in
            Bool.random(using: &random) ? pick(markdown, &random) : pick(strings, &random)
        }
        return text + body.joined(separator: Bool.random(using: &random) ? "\n\n" : "\n")
    }

    static func services(_ random: inout SplitMix64, chaos: Bool) -> String {
        func text() -> String { chaos ? value(&random) : TestSite.yamlQuoted(pick(strings, &random)) }
        func either(_ sane: [String], _ wild: [String]) -> String { pick(chaos ? sane + wild : sane, &random) }
        var yaml = """
        services:
          - id: \(chaos && Bool.random(using: &random) ? value(&random) : "article")
            name: \(text())
            summary: \(text())
            description: \(TestSite.yamlQuoted(pick(markdown, &random)))
            price: { amount: \(either(["2.5", "30000"], ["abc", "-1", "1e3", "\"\""])), unit: \(either(["per_character", "fixed"], ["per_song"])) }
        jobs:
          - title: \(text())
            date: \(either(["2026-01", "2026-01-05"], ["2026-13", "x", "2026-02-30"]))
            service: \(either(["article"], ["missing"]))
            summary: \(text())
            link: \(text())
        terms:
          - title: \(text())
            text: \(text())

        """
        if chaos && Bool.random(using: &random) { yaml = yaml.replacingOccurrences(of: "  - ", with: "  ") }
        return yaml
    }
}
