import CCmarkGFM
import Foundation
import Testing
@testable import SiteGen

@Suite struct MarkdownTests {
    let safe = MarkdownRenderer(allowRawHTML: false)
    let unsafe = MarkdownRenderer(allowRawHTML: true)

    /// The arena cmark-gfm allocates from gives what its default allocator gives: on a document
    /// far larger than the arena's block (so it spills into more blocks and moves growing
    /// buffers), and on a small one before and after it (so the block is reused cleanly).
    @Test func theArenaRendersAsTheDefaultAllocatorDoes() {
        func reference(_ markdown: String) -> String {
            let parser = cmark_parser_new(safe.options)!
            defer { cmark_parser_free(parser) }
            for name in MarkdownRenderer.extensionNames { cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name)) }
            cmark_parser_feed(parser, markdown, markdown.utf8.count)
            let document = MarkdownRenderer.inlineParsing.withLock { cmark_parser_finish(parser)! } // as sitegen does (see `inlineParsing`)
            defer { cmark_node_free(document) }
            let html = cmark_render_html(document, safe.options, cmark_parser_get_syntax_extensions(parser))!
            defer { free(html) }
            return String(cString: html).replacingAll( // the footnotes' hidden heading, which sitegen adds
                "<section class=\"footnotes\" data-footnotes>",
                with: "<section class=\"footnotes\" data-footnotes>\n<h2 class=\"visually-hidden\">Footnotes</h2>")
        }
        let small = "依頼文が**一行**だけ[^1]の案件。\n\n| 項目 | 金額 |\n| - | -: |\n| 翻訳 | ¥5,000 |\n\n[^1]: 仮払いなし。\n"
        let section = (1...40).map { "- 項目\($0)：~~納期~~ *仮払い* `escrow` https://example.com/\($0)" }.joined(separator: "\n")
            + "\n\n| a | b |\n| - | - |\n" + String(repeating: "| 表のセル | cell |\n", count: 30) + "\n```swift\nlet x = 1\n```\n\n"
        let large = String(repeating: section, count: MarkdownArena.blockSize * 5 / 4 / section.utf8.count)
        let before = safe.render(small).html
        #expect(before == reference(small))
        #expect(safe.render(large).html == reference(large))
        #expect(safe.render(small).html == before)
    }

    /// cmark-gfm turns its extensions' characters (`~`, `:`, `w`, `@`…) on and off in one table
    /// shared by every thread, around each document's inline parsing: without a lock, one
    /// thread's "off" left another's post half without strikethrough and links. Many posts at
    /// once on every core must each come out as they do alone.
    @Test func renderingOnEveryCoreGivesWhatOneThreadGives() {
        let posts = (0..<400).map { n in
            (0..<12).map { line in
                "- 項目\(n)-\(line)：~~納期\(line)~~ を *仮払い* で www.example.com/\(n) と https://example.com/\(line) と a\(n)@example.com\n"
            }.joined() + "\n| 表 | セル |\n| - | - |\n| ~~取消\(n)~~ | https://example.com/t\(n) |\n"
                + "\n[規約][r\(n)] と `~~code~~` と \\~~escaped~~\n\n[r\(n)]: https://example.com/r\(n) \"題\"\n"
        }
        let alone = posts.map { safe.render($0).html }
        let renderer = safe
        for _ in 0..<5 {
            let together = Parallel.map(posts) { renderer.render($0).html }
            #expect(together == alone)
        }
        #expect(alone[0].contains("<del>納期0</del>") && alone[0].contains("<a href=\"http://www.example.com/0\">"))
    }

    /// Table alignment and code languages in the markup HTML5 allows: `style` on cells (not
    /// the obsolete `align`), and the language as a class on `code` (not `lang` on `pre`,
    /// which takes only language tags such as `ja`).
    @Test func tablesAndCodeAreValidHTML5() {
        let html = safe.render("| 左 | 中 | 右 |\n| :- | :-: | -: |\n| 1 | 2 | 3 |\n\n```swift\nlet x = 1 < 2\n```\n\n```\nplain\n```\n").html
        #expect(html.contains("<th style=\"text-align: left\">左</th>"))
        #expect(html.contains("<td style=\"text-align: center\">2</td>"))
        #expect(html.contains("<td style=\"text-align: right\">3</td>"))
        #expect(!html.contains("align=\""))
        #expect(html.contains("<pre><code class=\"language-swift\">let x = 1 &lt; 2\n</code></pre>"))
        #expect(html.contains("<pre><code>plain\n</code></pre>"))
        #expect(!html.contains("<pre lang"))
    }

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
