import Foundation
import Testing
@testable import SiteGen

@Suite struct MarkdownTests {
    let safe = MarkdownRenderer(allowRawHTML: false)
    let unsafe = MarkdownRenderer(allowRawHTML: true)

    @Test func gfmExtensionsAreOn() {
        let html = safe.render("""
        | a | b |
        | - | - |
        | 1 | 2 |

        ~~消す~~ and https://example.com

        - [x] done
        - [ ] todo

        注[^1]

        [^1]: 脚注です。
        """).html
        #expect(html.contains("<table>"))
        #expect(html.contains("<del>消す</del>"))
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done"))
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("<h2 class=\"visually-hidden\">Footnotes</h2>"))
        #expect(html.contains("脚注です。"))
    }

    @Test func rawHTMLIsEscapedUnlessAllowed() {
        let source = "<div class=\"box\">箱</div>\n\n<script>alert(1)</script>\n\n本文 <b>太字</b>"
        let safeHTML = safe.render(source).html
        #expect(!safeHTML.contains("<div class=\"box\">"))
        #expect(!safeHTML.contains("<b>"))
        #expect(!safeHTML.contains("<script>"))
        let unsafeHTML = unsafe.render(source).html
        #expect(unsafeHTML.contains("<div class=\"box\">箱</div>"))
        #expect(unsafeHTML.contains("<b>太字</b>"))
        // The tagfilter extension still defuses <script> when raw HTML is on.
        #expect(unsafeHTML.contains("&lt;script>"))
    }

    @Test func headingsGetStableUniqueIDs() {
        let rendered = safe.render("## 何が起きたか\n\n## Hello, World!\n\n## 何が起きたか\n\n### `code` と *強調*")
        #expect(rendered.headings.map(\.id) == ["何が起きたか", "hello-world", "何が起きたか-1", "code-と-強調"])
        #expect(rendered.html.contains("<h2 id=\"何が起きたか\">"))
        #expect(rendered.html.contains("<h2 id=\"何が起きたか-1\">"))
        #expect(rendered.html.contains("<h3 id=\"code-と-強調\">"))
        #expect(rendered.html.contains("<code>code</code> と <em>強調</em>"))
    }

    @Test func lineBreaksJoinJapaneseWithoutSpaces() {
        let rendered = safe.render("一行目の文章です。\n二行目の文章です。\n\nEnglish line\nwraps here.")
        #expect(rendered.text == "一行目の文章です。二行目の文章です。English line wraps here.")
    }

    @Test func imagesAreLazy() {
        #expect(safe.render("![図](/a.png)").html.contains("<img loading=\"lazy\" src=\"/a.png\" alt=\"図\" />"))
    }

    @Test func slugs() {
        #expect(Slug.make("Hello, World!") == "hello-world")
        #expect(Slug.make("クラウドソーシング") == "クラウドソーシング")
        #expect(Slug.make("要件 定義・進め方") == "要件-定義-進め方")
        #expect(Slug.make("../../etc/passwd") == "etc-passwd")
        #expect(Slug.make("！？") == "")
        #expect(Slug.fromFileName("2017-09-18-first-post.md") == "first-post")
        // Long Japanese names are cut below the file-name limit, at a character boundary.
        let long = Slug.make(String(repeating: "長", count: 500))
        #expect(long.utf8.count <= Slug.maxBytes && long.count == 60)
    }
}
