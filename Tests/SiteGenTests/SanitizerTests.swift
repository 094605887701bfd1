import Foundation
import Testing
@testable import SiteGen

/// HTML sitegen did not write (imports, `html: true` posts) and URLs from site.yml and
/// services.yml cannot carry scripts into the published site.
@Suite struct SanitizerTests {
    /// What must never reach a reader as markup: an event handler in a tag, an element that
    /// runs or submits something, a URL attribute with a script scheme.
    static let vectors = [
        #"<[^>]*\son[a-z]+\s*="#, #"<(script|form|object|embed|iframe|svg|math|style)\b"#,
        #"(href|src|action|formaction|data|poster|cite)\s*=\s*["']?\s*(javascript|vbscript|data:text)"#,
    ]

    /// The markup a reader gets from the site's posts: each post's body as its page shows it,
    /// and as the feed carries it (unescaped, as a feed reader shows it).
    static func published(_ site: TestSite) throws -> [String: String] {
        var pages: [String: String] = [:]
        for file in site.outputFiles() where file.hasPrefix("posts/") && file.hasSuffix("index.html") {
            pages[file] = try site.read(file).between("<div class=\"prose\">", "<footer class=\"post__footer\">")
        }
        pages["feed.xml"] = try site.read("feed.xml").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return pages
    }

    static func offending(_ pages: [String: String]) -> [String] {
        pages.flatMap { page, text in vectors.compactMap { pattern in
            (try? Regex(pattern).ignoresCase()).flatMap { text.firstMatch(of: $0) }.map { "\(page): \(text[$0.range])" } } }.sorted()
    }

    @Test func aHatenaExportWithEveryVectorPublishesNoneOfThem() throws {
        let export = """
        AUTHOR: kotoha
        TITLE: 危ない本文
        BASENAME: 2020/01/02/030405
        STATUS: Publish
        CONVERT BREAKS: 0
        DATE: 01/02/2020 03:04:05
        -----
        BODY:
        <p onclick="alert(1)">段落の<b onmouseover="alert(2)">太字</b>。</p>
        <details open ontoggle="alert(3)"><summary>開く</summary>中身</details>
        <object data="javascript:alert(4)"><param name="x" value="y"></object>
        <form action="javascript:alert(5)"><button formaction="javascript:alert(6)">送る</button></form>
        <div onclick="alert(7)"><img src="x.png" onerror="alert(8)" alt="画像"></div>
        <p><a href="javascript:alert(9)">リンク</a> と <a href="JaVa&#x09;ScRiPt:alert(10)">もう一つ</a></p>
        <embed src="javascript:alert(11)"><iframe src="https://evil.example/"></iframe>
        <script>alert(12)</script><svg onload="alert(13)"></svg>
        <table><tr><td colspan="2" onclick="alert(14)">表</td></tr><tr><td>a</td><td>b</td></tr></table>
        <p><a href="vbscript:msgbox" title="x">三つ目</a><a href="data:text/html,<script>alert(15)</script>">四つ目</a></p>
        <p><span style="color: #d32f2f">赤い字</span><span style="background:url(javascript:alert(16))">背景</span></p>
        -----
        --------
        """
        let site = try TestSite()
        let report = try HatenaImporter(into: site.root.appendingPathComponent("Content/posts")).run(export)
        #expect(report.written.count == 1 && report.keptHTML.count == 1)
        let markdown = try String(contentsOf: site.root.appendingPathComponent("Content/posts/" + report.written[0]), encoding: .utf8)
        #expect(markdown.contains("html: true"))
        #expect(Self.offending(["the imported Markdown": markdown]).isEmpty, "\(Self.offending(["the imported Markdown": markdown]))")
        try site.build()
        let pages = try Self.published(site)
        #expect(Self.offending(pages).isEmpty, "\(Self.offending(pages))")
        // What is harmless stays: the text, the open details, the colspan, the colour.
        let page = try site.read("posts/030405/index.html")
        #expect(page.contains("<details open=\"\"><summary>開く</summary>中身</details>"))
        #expect(page.contains("<td colspan=\"2\">表</td>"))
        #expect(page.contains("<span style=\"color: #d32f2f\">赤い字</span>"))
        #expect(page.contains("<img src=\"x.png\" alt=\"画像\""))
        #expect(page.contains("段落の") && page.contains("リンク") && page.contains("四つ目"))
    }

    /// A hand-written `html: true` post goes through the same sanitizer; its Markdown links
    /// keep cmark-gfm's rule (no `javascript:` link either way).
    @Test func anHTMLPostIsSanitizedAtBuildTime() throws {
        let site = try TestSite()
        try site.post("raw", title: "生のHTML", extra: "html: true", body: """
        <div class="note" onclick="alert(1)">
        <p>注意書き</p>
        </div>

        本文に <span onmouseover="alert(2)">インライン</span> と <script>alert(3)</script> と [リンク](javascript:alert(4))。

        <!--more-->

        <iframe src="https://evil.example/"></iframe>
        <a href="https://example.com/" target="_blank" rel="noopener">安全なリンク</a>
        """)
        try site.build()
        let pages = try Self.published(site)
        #expect(Self.offending(pages).isEmpty, "\(Self.offending(pages))")
        let page = try site.read("posts/raw/index.html")
        #expect(page.contains("<div class=\"note\">"))
        #expect(page.contains("<span>インライン</span>"))
        #expect(page.contains("<a href=\"https://example.com/\" target=\"_blank\" rel=\"noopener\">安全なリンク</a>"))
    }

    /// An alias that is no address on this site names its post, with the value cut short.
    @Test func badAliasesNameThePost() throws {
        let site = try TestSite()
        try site.post("host", title: "別のホスト", extra: "aliases: [\"//evil.example/x\"]")
        try site.post("long", title: "長い別名", extra: "aliases: [\"/entry/\(String(repeating: "a", count: 5000))\"]")
        let errors = site.buildErrors()
        #expect(errors.count == 2)
        #expect(errors.map(\.file).sorted() == ["Content/posts/host.md", "Content/posts/long.md"])
        #expect(errors.allSatisfy { $0.line == 4 && $0.message.contains("`aliases`") && $0.description.count < 500 })
    }

    @Test func theAllowListByExample() {
        func clean(_ html: String) -> String { HTMLSanitizer.clean(html) }
        #expect(clean("<a href=\"&#106;avascript:alert(1)\">x</a>") == "<a>x</a>")
        #expect(clean("<a href=\"  java\nscript:alert(1)\">x</a>") == "<a>x</a>")
        #expect(clean("<a href=\"java&Tab;script:alert(1)\">x</a>") == "<a>x</a>")
        #expect(clean("<a href=\"&#106avascript:alert(1)\">x</a>") == "<a>x</a>")
        #expect(clean("<a href=\"javascript&colon;alert(1)\">x</a>") == "<a>x</a>")
        #expect(clean("<a href='/about/' onclick='x'>x</a>") == "<a href=\"/about/\">x</a>")
        #expect(clean("<a href=\"mailto:a@example.com\">m</a>") == "<a href=\"mailto:a@example.com\">m</a>")
        #expect(clean("<a href=\"note:日本語\">n</a>") == "<a>n</a>") // an unknown scheme
        #expect(clean("<a href=\"日本:語\">n</a>") == "<a href=\"日本:語\">n</a>") // not a scheme: a relative URL
        #expect(clean("<img src=\"data:image/png;base64,AAAA\" alt=\"\">") == "<img src=\"data:image/png;base64,AAAA\" alt=\"\">")
        #expect(clean("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">") == "<img>")
        #expect(clean("<a href=\"data:image/png;base64,AAAA\">x</a>") == "<a>x</a>")
        #expect(clean("<!-- a --!> <script>alert(1)</script> -->b") == "b")
        #expect(clean("<p>1 < 2 & 3 > 2</p>") == "<p>1 &lt; 2 & 3 > 2</p>")
        #expect(clean("<STYLE>body{}</STYLE><Script src=x></SCRIPT>ok") == "ok")
        #expect(clean("<scr<script>ipt>alert(1)</script>") == "ipt>alert(1)")
        #expect(clean("<img src=x.png onerror=alert(1) title='a\"b'>") == "<img src=\"x.png\" title=\"a&quot;b\">")
        #expect(clean("<unknown-tag x=1>text</unknown-tag>") == "text")
        #expect(clean("<p style=\"color:red\">a</p><p style=\"width: expression(alert(1))\">b</p>") == "<p style=\"color:red\">a</p><p>b</p>")
    }

    /// Every URL in site.yml and services.yml is checked when the site builds: an error
    /// naming the file, the key and the value (cut to 80 characters).
    @Test func configurationURLsAreCheckedAtBuildTime() throws {
        func errors(_ config: String, services: String? = nil) throws -> [SiteError] {
            let site = try TestSite(config: TestSite.defaultConfig + "\n" + config)
            try site.post("a", title: "記事")
            if let services { try site.write("Content/services.yml", services) }
            return site.buildErrors()
        }
        let route = try errors("""
        contact:
          email: a@example.com
          routes:
            - { label: X, url: "javascript:alert(1)" }
        """)
        #expect(route.count == 1 && route[0].file == "Content/site.yml" && route[0].line == 11)
        #expect(route[0].message.contains("`url`") && route[0].message.contains("javascript:alert(1)"))
        let long = "javascript:" + String(repeating: "a", count: 5000)
        let links = try TestSite(config: """
        title: t
        base_url: https://example.com/
        author:
          name: n
          avatar: "\(long)"
        """).buildErrors()
        #expect(links.count == 1 && links[0].message.contains("`avatar`") && links[0].description.count < 400)
        let ads = try errors("""
        ads:
          provider: placeholder
          ads_txt:
            - "google.com, pub-0, DIRECT\\nevil.com, pub-1, DIRECT"
        """)
        #expect(ads.count == 1 && ads[0].message.contains("`ads_txt`") && ads[0].message.contains("more than one line"))
        let job = try errors("", services: """
        services:
          - id: article
            name: 記事
            summary: 書きます。
            price: { amount: 1 }
        jobs:
          - title: 仕事
            date: 2026-01
            service: article
            summary: よかった。
            link: "vbscript:msgbox"
        """)
        #expect(job.count == 1 && job[0].file == "Content/services.yml" && job[0].message.contains("`link`"))
    }
}
