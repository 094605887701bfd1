import Foundation
import Testing
@testable import SiteGen

/// Posts shaped like real ones, built into a site: highlighted code, a table of contents,
/// ids unique over the whole page (the theme's included).
@Suite struct RealPostsTests {
    static let post = """
    案件の流れをまとめます。

    ## 見積もり

    ```python
    def estimate(chars, rate=2.5):
        return chars * rate  # 文字単価
    ```

    ### 納期

    本文[^1]。

    ## Main

    | 項目 | 金額 |
    | :-- | --: |
    | 翻訳 | ¥5,000 |

    [^1]: 仮払いの後に着手します。
    """

    @Test func aPostWithCodeATableAndATableOfContents() throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\ntoc: true\n")
        try site.post("flow", title: "案件の流れ", body: Self.post)
        try site.post("short", title: "短い記事", date: "2026-01-11", extra: "toc: false", body: Self.post)
        try site.build()
        let page = try site.read("posts/flow/index.html")
        let prose = try #require(page.between("<div class=\"prose\">", "<footer class=\"post__footer\">"))
        // The box stands before the first h2 and links to every h2 and h3.
        let box = try #require(prose.range(of: "<details class=\"toc\" open>"))
        let firstHeading = try #require(prose.range(of: "<h2 id=\"見積もり\">"))
        #expect(box.lowerBound < firstHeading.lowerBound)
        #expect(prose.contains("<summary>目次</summary>"))
        #expect(prose.contains("<a href=\"#見積もり\">見積もり</a><ol><li><a href=\"#納期\">納期</a></li></ol>"))
        // `## Main` does not take the theme's `id="main"`.
        #expect(prose.contains("<h2 id=\"main-1\">") && prose.contains("<a href=\"#main-1\">Main</a>"))
        let ids = page.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count, "ids used twice: \(ids)")
        // Code is highlighted at build time.
        #expect(prose.contains("<pre><code class=\"language-python\"><span class=\"hl-kw\">def</span>"))
        #expect(prose.contains("<span class=\"hl-cm\"># 文字単価</span>"))
        // `toc: false` on a post wins over the site's `toc: true`.
        #expect(!(try site.read("posts/short/index.html")).contains("class=\"toc\""))
        // The theme colours the classes, for light and dark.
        let css = try site.read("assets/style.css")
        #expect(css.contains(".hl-kw") && css.contains("--hl-keyword") && css.contains(".toc summary"))
    }

    /// The share card: the front matter's `image:`, else the body's first image, else the
    /// site's `image:`, in Open Graph, the Twitter card and BlogPosting alike. `check` warns
    /// of posts with none and of SVG cards.
    @Test func shareImagesFallBackToTheBodyThenTheSite() async throws {
        // Without typeset cards: this is the fallback when they are off (ImageTests has them).
        let site = try TestSite(config: TestSite.defaultConfig + "\nimage: /images/card.png\nimages:\n  cards: false\n")
        try site.post("own", title: "自分の画像", extra: "image: /images/own.png", body: "![図](/images/body.png)")
        try site.post("body", title: "本文の画像", date: "2026-01-11", body: "前置き。\n\n![図](/images/body.png)\n\n![二枚目](/images/second.png)")
        try site.post("none", title: "画像なし", date: "2026-01-12", body: "文章だけ。")
        try site.post("relative", title: "相対パス", date: "2026-01-13", body: "![図](photo.png)")
        try site.build()
        func cards(_ slug: String) throws -> (og: String?, twitter: String?, ld: String?) {
            let page = try site.read("posts/\(slug)/index.html")
            return (page.between("<meta property=\"og:image\" content=\"", "\""), page.between("<meta name=\"twitter:image\" content=\"", "\""),
                    page.between("\"image\":\"", "\""))
        }
        for (slug, expected) in [("own", "own.png"), ("body", "body.png"), ("none", "card.png"), ("relative", "card.png")] {
            let found = try cards(slug)
            let url = "https://example.com/images/" + expected
            #expect(found.og == url && found.twitter == url, "\(slug): \(found)")
            #expect(found.ld?.replacingOccurrences(of: "\\/", with: "/") == url, "\(slug): \(found)")
        }
        // Without a site default, a post with no picture and an SVG card are warned of.
        let bare = try TestSite()
        try bare.post("none", title: "画像なし", body: "文章だけ。")
        try bare.post("svg", title: "SVG", date: "2026-01-11", extra: "image: /images/chart.svg")
        let report = await SiteChecker.check(BuildOptions(source: bare.root, output: bare.output))
        #expect(report.warnings.contains { $0.file == "Content/posts/none.md" && $0.message.contains("no share image") })
        #expect(report.warnings.contains { $0.file == "Content/posts/svg.md" && $0.line == 4 && $0.message.contains("is an SVG") })
    }

    /// A Japanese post is never marked English, however much English its opening has.
    @Test func mixedPostsKeepTheirLanguage() throws {
        let site = try TestSite()
        let english = String(repeating: "Use the escrow service, check the brief, and confirm the deadline in writing. ", count: 6)
        let japanese = String(repeating: "仮払いのない案件は受けない。依頼文が曖昧なときは、まず質問を返す。", count: 12)
        try site.post("mixed", title: "英語の引用から始まる記事", body: "> \(english)\n\n\(japanese)\n\n`git commit -m \"fix\"` と `swift build` を使う。")
        try site.post("english", title: "An English post", date: "2026-01-11", body: english + " 納期")
        try site.build()
        #expect(!(try site.read("posts/mixed/index.html")).contains("<article class=\"post wrap\" lang=\"en\">"))
        #expect(try site.read("posts/english/index.html").contains("<article class=\"post wrap\" lang=\"en\">"))
    }

    /// A draft shown while writing (`serve` shows drafts, as `build --drafts` does) carries a
    /// visible badge on its page and its card; `build` leaves it out.
    @Test func draftsShowABadgeWhereTheyAreShown() throws {
        let site = try TestSite()
        try site.post("draft", title: "書きかけ", extra: "draft: true")
        try site.post("done", title: "公開済み", date: "2026-01-09")
        try site.build(drafts: true)
        #expect(try site.read("posts/draft/index.html").contains("<p class=\"draft-badge\" role=\"note\">下書き</p>"))
        #expect(!(try site.read("posts/done/index.html")).contains("draft-badge"))
        #expect(try site.read("index.html").occurrences(of: "class=\"draft-badge\"") == 1)
        try site.build()
        #expect(!site.exists("posts/draft/index.html"))
        #expect(!(try site.read("index.html")).contains("draft-badge"))
    }

    /// Every page links an icon: the site's own, or one made from its initial; a post ends
    /// with an author box that leads to the services page.
    @Test func aFaviconAndAnAuthorBox() throws {
        let site = try FreelanceFixture.site()
        try site.post("a", title: "記事")
        try site.build()
        let page = try site.read("posts/a/index.html")
        #expect(page.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"))
        let icon = try site.read("favicon.svg")
        #expect(icon.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && icon.contains(">テ</text>")) // テストのブログ
        let box = try #require(page.between("<aside class=\"author-box\"", "</aside>"))
        #expect(box.contains("書き手") && box.contains("href=\"/services/\""))
        let own = try TestSite(config: TestSite.defaultConfig + "\nfavicon: /images/icon.png\n")
        try own.post("a", title: "記事")
        try own.build()
        #expect(try own.read("posts/a/index.html").contains("<link rel=\"icon\" href=\"/images/icon.png\" type=\"image/png\">"))
        #expect(!own.exists("favicon.svg"))
    }

    /// What a writer is told: a file name whose date is impossible is named as such; a site
    /// under a sub-path hears that robots.txt and ads.txt must also go to the host's root.
    @Test func theBuildSaysWhatIsWrong() throws {
        let site = try TestSite()
        try site.write("Content/posts/2026-13-45-x.md", "---\ntitle: 日付の誤り\n---\n本文。\n")
        let errors = site.buildErrors()
        #expect(errors.count == 1 && errors[0].message == "the file name's date `2026-13-45` is not a valid date", "\(errors)")
        let sub = try TestSite(config: TestSite.defaultConfig.replacingOccurrences(of: "https://example.com/", with: "https://example.com/blog/")
                               + "\nads:\n  provider: placeholder\n  ads_txt:\n    - google.com, pub-0, DIRECT\n")
        try sub.post("a", title: "記事")
        let report = try sub.build()
        let warning = try #require(report.warnings.first { $0.message.contains("robots.txt and ads.txt") })
        #expect(warning.message.contains("under /blog/") && warning.message.contains("https://example.com/") && warning.line == 4)
    }
}
