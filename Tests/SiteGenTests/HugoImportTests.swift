import Foundation
import Testing
@testable import SiteGen

/// `sitegen import hugo`: a small Hugo site shaped like a real Japanese one (TOML settings
/// and posts with capitalised keys, a bundle, a page, static files, a shortcode of its own)
/// becomes a sitegen site that builds, with every old address still answering.
@Suite struct HugoImportTests {
    static func hugoSite() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hugo-\(UUID().uuidString)")
        func write(_ relative: String, _ text: String) throws { try TestSite.write(text, at: root.appendingPathComponent(relative)) }
        try write("hugo.toml", """
        baseURL = "https://blog.example.jp/"
        languageCode = "ja-jp"
        title = "受注の記録"
        timeZone = "Asia/Tokyo"
        [pagination]
          pagerSize = 5
        [params]
          description = "クラウドソーシングの話"
          author = "書き手"
        [permalinks]
          posts = "/:year/:month/:title/"
        """)
        try write("content/posts/first-client.md", """
        +++
        Title = "First Client"
        Date = 2014-05-31T10:00:00+09:00
        Tags = ["納期"]
        +++
        最初の依頼の話。

        {{< link-card url="https://example.com/brief" title="依頼文" >}}
        """)
        try write("content/posts/escrow/index.md", """
        ---
        title: Escrow Please
        date: 2015-02-03
        slug: escrow
        ---
        ![仮払い](chart.png)
        """)
        try write("content/posts/escrow/chart.png", "PNG")
        try write("content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n")
        try write("content/about.md", "+++\ntitle = \"このブログについて\"\n+++\n書き手の紹介。\n")
        try write("static/images/logo.png", "PNG")
        try write("layouts/shortcodes/link-card.html", "<a href=\"{{ .Get \"url\" }}\">{{ .Get \"title\" }}</a>")
        return root
    }

    @Test func aHugoSiteBecomesASitegenSite() throws {
        let hugo = try Self.hugoSite()
        defer { try? FileManager.default.removeItem(at: hugo) }
        let site = try TestSite(config: "title: x\n", theme: false)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/site.yml"))
        let report = try HugoImporter(source: hugo, destination: site.root).run()
        #expect(report.posts == 2 && report.pages == 1 && report.files == 2)
        #expect(report.starterShortcodes == ["link-card"])
        let yml = try String(contentsOf: site.root.appendingPathComponent("Content/site.yml"), encoding: .utf8)
        #expect(yml.contains("title: \"受注の記録\"") && yml.contains("language: ja") && yml.contains("base_url: \"https://blog.example.jp/\""))
        #expect(yml.contains("posts_per_page: 5") && yml.contains("permalink: /:year/:month/:slug/") && yml.contains("name: \"書き手\""))

        try site.build()
        // The sitegen addresses, and each Hugo address answering (`:title` was the title, not the file name).
        #expect(try site.read("2014/05/first-client/index.html").contains("最初の依頼の話。"))
        #expect(try site.read("2015/02/escrow/index.html").contains("src=\"chart.png\""))
        #expect(try site.read("2015/02/escrow/chart.png") == "PNG")
        #expect(try site.read("images/logo.png") == "PNG")
        #expect(try site.read("about/index.html").contains("書き手の紹介。"))
        // `:title` of "Escrow Please" was /2015/02/escrow-please/: kept as an alias.
        #expect(report.aliases == 1)
        #expect(try site.read("2015/02/escrow-please/index.html").contains("/2015/02/escrow/"))
        // The site's own shortcode got a starter that keeps what it was given.
        let post = try site.read("2014/05/first-client/index.html")
        #expect(post.contains("<div class=\"shortcode shortcode--link-card\">") && post.contains("<a href=\"https://example.com/brief\">依頼文</a>"))
        #expect(!post.contains("{{&lt;") && !post.contains("+++"))
        // Again: nothing is overwritten without --force.
        let again = try HugoImporter(source: hugo, destination: site.root).run()
        #expect(again.posts == 0 && again.skipped.contains("Content/posts/first-client.md"))
    }

    @Test func permalinksAreCarriedOverWhereTheyMeanTheSame() {
        #expect(HugoImporter.sitegenPermalink("/:year/:month/:slug/", section: "posts") == "/:year/:month/:slug/")
        #expect(HugoImporter.sitegenPermalink("/:section/:filename/", section: "post") == "/post/:slug/")
        #expect(HugoImporter.sitegenPermalink("/:year/:yearday/:slug/", section: "posts") == "/posts/:slug/")
        #expect(HugoImporter.addingAlias("/old/", to: "+++\ntitle = \"x\"\n[params]\na = 1\n+++\nbody") == "+++\naliases = [\"/old/\"]\ntitle = \"x\"\n[params]\na = 1\n+++\nbody")
        #expect(HugoImporter.addingAlias("/old/", to: "---\naliases: [/a/]\n---\n") == nil)
        #expect(HugoImporter.addingAlias("/old/", to: "{\n\"title\": \"x\"\n}\n") == "{\n  \"aliases\": [\"/old/\"],\n\"title\": \"x\"\n}\n")
    }

    /// A renamed taxonomy (`tag = "topics"`) becomes sitegen's tags, its old term pages sent
    /// to the new ones; the `_index.md` texts go to the home, archive and term pages, and another
    /// section's becomes a page at its address.
    @Test func taxonomiesAndSectionTextsComeAlong() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hugo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ relative: String, _ text: String) throws { try TestSite.write(text, at: root.appendingPathComponent(relative)) }
        try write("config.yaml", "title: 記録\nbaseURL: https://blog.example.jp/\ntaxonomies:\n  tag: topics\n  category: categories\n")
        try write("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2020-01-02\nTopics = [\"Swift UI\", \"C++\"]\n+++\n本文A。\n")
        try write("content/posts/b.md", "{\n\"title\": \"B\",\n\"date\": \"2020-01-03\",\n\"topics\": [\"Swift UI\"]\n}\n本文B。\n")
        try write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nようこそ。\n")
        try write("content/posts/_index.md", "---\ntitle: Posts\n---\n記事の一覧。\n")
        try write("content/topics/swift-ui/_index.md", "---\ntitle: Swift UI\n---\nSwiftUI の記事。\n")
        try write("content/docs/_index.md", "---\ntitle: 資料\n---\n資料の入口。\n")
        try write("content/docs/guide.md", "---\ntitle: 手引き\n---\n手引き。\n")
        let site = try TestSite(config: "title: x\n", theme: false)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/site.yml"))
        let report = try HugoImporter(source: root, destination: site.root).run()
        #expect(report.posts == 2 && report.pages == 2, "\(report)")
        let a = try String(contentsOf: site.root.appendingPathComponent("Content/posts/a.md"), encoding: .utf8)
        #expect(a.contains("\ntags = [\"Swift UI\", \"C++\"]"), "\(a)")
        try site.build()
        #expect(try site.read("tags/swift-ui/index.html").contains("本文") && (try site.read("tags/swift-ui/index.html")).contains("SwiftUI の記事。"))
        #expect(try site.read("posts/b/index.html").contains("/tags/swift-ui/"))
        // The old term pages and the taxonomy's own page answer.
        #expect(try site.read("topics/swift-ui/index.html").contains("/tags/swift-ui/"))
        #expect(try site.read("topics/index.html").contains("/tags/"))
        #expect(report.redirects >= 3 && !report.redirectsByHand, "\(report)")
        #expect(try site.read("index.html").contains("<p>ようこそ。</p>"))
        #expect(try site.read("archives/index.html").contains("<p>記事の一覧。</p>"))
        #expect(try site.read("docs/index.html").contains("資料の入口。") && (try site.read("docs/guide/index.html")).contains("手引き。"))
    }

    @Test func aFolderWithoutSettingsIsRefused() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("hugo-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: SiteError.self) { try HugoImporter(source: empty, destination: empty.appendingPathComponent("out")).run() }
    }
}
