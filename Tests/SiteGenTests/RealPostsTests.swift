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
}
