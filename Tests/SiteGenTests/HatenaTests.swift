import Foundation
import Testing
@testable import SiteGen

@Suite struct HatenaImportTests {
    static let export = TestSite.repoRoot.appendingPathComponent("Tests/SiteGenTests/Corpus/hatena/export.txt")

    func imported() throws -> (TestSite, HatenaImporter.Report) {
        let site = try TestSite()
        let text = try String(contentsOf: Self.export, encoding: .utf8)
        let report = try HatenaImporter(into: site.root.appendingPathComponent("Content/posts")).run(text)
        return (site, report)
    }

    /// `--download-images` against a fotolife stand-in on 127.0.0.1: the photo the entry shows
    /// (in its HTML, its `IMAGE:` and so its share card) is fetched and processed like a local
    /// one; the draft's notation image, missing there, stays where it was with a warning.
    @Test func fotolifeImagesAreDownloaded() async throws {
        let served = FileManager.default.temporaryDirectory.appendingPathComponent("fotolife-\(UUID().uuidString)")
        let folder = served.appendingPathComponent("images/fotolife/k/kotoha/20170918")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: served) }
        try ImageFixtures.photo(at: folder.appendingPathComponent("20170918204521.jpg").path, width: 1280, height: 720)
        let server = try LocalHTTPServer(serving: served, readyPath: "/images/fotolife/k/kotoha/20170918/20170918204521.jpg")
        defer { server.stop() }
        let host = "http://127.0.0.1:\(server.port)"
        let site = try TestSite()
        let text = try String(contentsOf: Self.export, encoding: .utf8).replacingOccurrences(of: "https://cdn-ak.f.st-hatena.com", with: host)
        let importer = HatenaImporter(into: site.root.appendingPathComponent("Content/posts"))
        let report = try importer.run(text)
        let downloads = try await importer.downloadImages(of: report, host: host)
        #expect(downloads.downloaded == 1)
        #expect(downloads.failures.count == 1 && downloads.failures[0].file.hasSuffix("/20171201130500.png"))
        let local = site.root.appendingPathComponent("Content/images/hatena/kotoha/20170918204521.jpg")
        #expect(try Vips.header(local.path).width == 1280)
        let post = try String(contentsOf: site.root.appendingPathComponent("Content/posts/2017-09-18-204521.md"), encoding: .utf8)
        #expect(post.contains("image: \"/images/hatena/kotoha/20170918204521.jpg\""))
        #expect(!post.contains(host))
        let draft = try String(contentsOf: site.root.appendingPathComponent("Content/posts/2017-12-01-draft-entry.md"), encoding: .utf8)
        #expect(draft.contains("[f:id:kotoha:20171201130500p:plain:w300]"), "not fetched: left as written")
        try site.build(drafts: true)
        let page = try site.read("posts/204521/index.html")
        #expect(page.contains("<picture><source type=\"image/webp\" srcset=\"/images/hatena/kotoha/20170918204521.480w."))
        #expect(page.contains("alt=\"入金までの図\" width=\"1280\" height=\"720\""), "the downloaded photo's own size")
        let card = try #require(page.between("<meta property=\"og:image\" content=\"https://example.com/", "\""))
        #expect(card.hasPrefix("images/cards/") && card.hasSuffix(".jpg"))
    }

    @Test func entriesBecomeMarkdownFilesWithFrontMatter() throws {
        let (site, report) = try imported()
        #expect(report.written == ["2017-09-18-204521.md", "2017-12-01-draft-entry.md"])
        #expect(report.problems.count == 1 && report.problems[0].entry == 3)
        #expect(report.problems[0].message.contains("13/45/2017"))
        #expect(report.comments == 2)
        let post = try String(contentsOf: site.root.appendingPathComponent("Content/posts/2017-09-18-204521.md"), encoding: .utf8)
        #expect(post.hasPrefix("""
        ---
        title: "仮払いなしの案件で学んだこと"
        date: 2017-09-18T20:45:21+09:00
        categories: ["仕事"]
        tags: ["仕事", "クラウドソーシング"]
        image: "https://cdn-ak.f.st-hatena.com/images/fotolife/k/kotoha/20170918/20170918204521.jpg"
        aliases: ["/entry/2017/09/18/204521"]
        html: true
        """))
        let draft = try String(contentsOf: site.root.appendingPathComponent("Content/posts/2017-12-01-draft-entry.md"), encoding: .utf8)
        #expect(draft.contains("date: 2017-12-01T13:05:00+09:00")) // 01:05 PM
        #expect(draft.contains("draft: true"))
    }

    @Test func hatenaHTMLBecomesCleanMarkdown() throws {
        let (site, _) = try imported()
        let post = try String(contentsOf: site.root.appendingPathComponent("Content/posts/2017-09-18-204521.md"), encoding: .utf8)
        #expect(post.contains("はじめに、クラウドソーシングの話です。**大事な**ことは[仮払い](https://example.com/escrow)です[^1]。"))
        #expect(!post.contains("keyword"))
        #expect(post.contains("### 経緯"))
        #expect(post.contains("- 一つ目\n- 二つ目\n  - 入れ子"))
        #expect(post.contains("[f:id:kotoha:20170918204521j:plain:w640:h360:alt=入金までの図]"))
        #expect(post.contains("> 報酬はいつ払われますか？"))
        #expect(post.contains("```swift\nlet rate = 2.5 // 文字単価\n```"))
        #expect(post.contains("| 項目 | 仮払い |\n| --- | --- |\n| 報酬 | 確保 |"))
        #expect(!post.contains("adsbygoogle"))
        #expect(post.contains("[仮払いの使い方 - 例のサイト](https://example.com/guide)"))
        #expect(!post.contains("iframe") && !post.contains("hatena-citation"))
        #expect(post.contains("<!--more-->\n\n続きの部分です。<span style=\"color: #d32f2f\">赤い字</span>もあります。"))
        #expect(post.contains("[^1]: エスクローとも呼びます"))
    }

    @Test func theBuiltSiteKeepsOldAddresses() throws {
        let (site, _) = try imported()
        try site.build(drafts: true)
        let page = try site.read("posts/204521/index.html")
        #expect(page.contains("<img class=\"hatena-fotolife\" src=\"https://cdn-ak.f.st-hatena.com/images/fotolife/k/kotoha/20170918/20170918204521.jpg\" alt=\"入金までの図\" width=\"640\" height=\"360\" fetchpriority=\"high\">"))
        #expect(page.contains("<span style=\"color: #d32f2f\">赤い字</span>")) // kept HTML is shown (html: true)
        #expect(page.contains("class=\"footnotes\""))
        let redirect = try site.read("entry/2017/09/18/204521/index.html")
        #expect(redirect.contains("url=https://example.com/posts/204521/"))
        let redirects = try site.read("_redirects")
        #expect(redirects.contains("/entry/2017/09/18/204521 /posts/204521/ 301"))
        #expect(redirects.contains("/entry/draft-entry /posts/draft-entry/ 301"))
        // The draft's notation became an image too.
        #expect(try site.read("posts/draft-entry/index.html").contains("fotolife/k/kotoha/20171201/20171201130500.png\" alt=\"\" width=\"300\""))
    }

    @Test func reimportingLeavesEditedPostsAlone() throws {
        let (site, _) = try imported()
        let file = site.root.appendingPathComponent("Content/posts/2017-09-18-204521.md")
        try Data("edited".utf8).write(to: file)
        let text = try String(contentsOf: Self.export, encoding: .utf8)
        let again = try HatenaImporter(into: site.root.appendingPathComponent("Content/posts")).run(text)
        #expect(again.written.isEmpty && again.skipped.count == 2)
        #expect(try String(contentsOf: file, encoding: .utf8) == "edited")
        let forced = try HatenaImporter(into: site.root.appendingPathComponent("Content/posts"), force: true).run(text)
        #expect(forced.written.count == 2)
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("---"))
    }

    @Test func dates() {
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let format = DateFormat(calendar: DateParser(timeZone: tokyo).calendar, language: .ja)
        func iso(_ text: String) -> String? { MovableTypeExport.parseDate(text, timeZone: tokyo).map(format.iso) }
        #expect(iso("09/18/2017 20:45:21") == "2017-09-18T20:45:21+09:00")
        #expect(iso("09/18/2017 08:45:21 PM") == "2017-09-18T20:45:21+09:00")
        #expect(iso("09/18/2017 12:05:00 AM") == "2017-09-18T00:05:00+09:00")
        #expect(iso("09/18/2017 12:05:00 PM") == "2017-09-18T12:05:00+09:00")
        #expect(iso("02/30/2017 10:00:00") == nil)
    }
}

@Suite struct HatenaNotationTests {
    let renderer = MarkdownRenderer(allowRawHTML: false)

    @Test func fotolifeImages() {
        let html = renderer.render("[f:id:kotoha:20170918204521j:plain]\n\n[f:id:kotoha:20170918204521p:image:w300:right:alt=図: 説明]\n\n[f:id:abc:20200101000000g:plain]").html
        #expect(html.contains("<img class=\"hatena-fotolife\" src=\"https://cdn-ak.f.st-hatena.com/images/fotolife/k/kotoha/20170918/20170918204521.jpg\" alt=\"\" fetchpriority=\"high\">"))
        #expect(html.contains("src=\"https://cdn-ak.f.st-hatena.com/images/fotolife/k/kotoha/20170918/20170918204521.png\" alt=\"図: 説明\" width=\"300\" loading=\"lazy\" decoding=\"async\">"))
        #expect(html.contains("hatena-fotolife--right"))
        #expect(html.contains("fotolife/a/abc/20200101/20200101000000.gif"))
    }

    @Test func linksAndCards() {
        let html = renderer.render("[https://example.com/page:title=説明ページ] と [https://example.com/guide:embed]").html
        #expect(html.contains("<a href=\"https://example.com/page\">説明ページ</a>"))
        #expect(html.contains("<a class=\"link-card\" href=\"https://example.com/guide\"><span class=\"link-card__title\">example.com/guide</span><span class=\"link-card__domain\">example.com</span></a>"))
        #expect(!html.contains("iframe"))
    }

    @Test func codeIsLeftAlone() {
        let html = renderer.render("`[f:id:a:20170918204521j:plain]`\n\n```\n[https://example.com:title=x]\n```\n\n    [f:id:a:20170918204521j:plain]").html
        #expect(!html.contains("<img"))
        #expect(!html.contains("<a href"))
        #expect(html.contains("<code>[f:id:a:20170918204521j:plain]</code>"))
    }

    /// Where the notation applies is read from the syntax tree: never in code, wherever the
    /// code stands; always in prose, wherever the prose stands.
    @Test func notationFollowsTheSyntaxTree() {
        let image = "[f:id:a:20170918204521j:plain]"
        func images(_ markdown: String) -> Int { renderer.render(markdown).html.occurrences(of: "<img") }
        // A code span over two lines.
        #expect(images("前の `コードの\n\(image)` 後ろ。") == 0)
        // A fenced block inside a quote, and one in a list item.
        #expect(images("> ```\n> \(image)\n> ```\n") == 0)
        #expect(images("- 例:\n\n  ```\n  \(image)\n  ```\n") == 0)
        // "``` not-a-close" does not close a fence (a closing fence has no info string).
        #expect(images("```\n``` not-a-close\n\(image)\n```\n") == 0)
        // Indented code, at the top level and in a quote.
        #expect(images("    \(image)\n") == 0)
        #expect(images(">     \(image)\n") == 0)
        // A list item's paragraph indented four spaces is prose: rendered.
        #expect(images("1.  一つ目\n\n    \(image)\n") == 1)
        // Prose around code on the same line, and in a quote.
        #expect(images("`code` と \(image) と `\(image)`") == 1)
        #expect(images("> 引用の中の \(image)") == 1)
        // Raw HTML is not prose either.
        #expect(MarkdownRenderer(allowRawHTML: true).render("<div title=\"\(image)\"></div>\n").html.occurrences(of: "<img") == 0)
    }

    @Test func escapingAndTheSwitch() {
        let hostile = renderer.render("[https://example.com/\"onmouseover=x:title=<b>太字</b>]").html
        #expect(!hostile.contains("<b>"))
        #expect(!hostile.contains("\"onmouseover"))
        let off = MarkdownRenderer(allowRawHTML: false, hatena: false).render("[f:id:a:20170918204521j:plain]").html
        #expect(off.contains("[f:id:a:20170918204521j:plain]") && !off.contains("<img"))
        #expect(renderer.render("前 [https://example.com:title=リンク] 後").text == "前 リンク 後")
    }
}
