import CCmarkGFM
import Foundation
import Testing
@testable import SiteGen

@Suite struct MarkdownTests {
    /// Without highlighting, where the HTML is compared with cmark-gfm's own.
    let safe = MarkdownRenderer(allowRawHTML: false, highlight: false)
    let unsafe = MarkdownRenderer(allowRawHTML: true, highlight: false)
    let highlighting = MarkdownRenderer(allowRawHTML: false)

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

    /// Fenced code in each language writers use is highlighted at build time: the block keeps
    /// `<pre><code class="language-x">`, its text is escaped, and runs of one kind get a
    /// `hl-…` class the theme colours. A language the engine does not know stays plain.
    @Test func codeIsHighlightedAtBuildTime() {
        let samples: [(String, String)] = [
            ("swift", "let total = price * 2 // 税込み\nif total < 100 { print(\"安い\") }"),
            ("javascript", "const fee = 0.2; // 手数料\nfunction net(x) { return x - x * fee; }"),
            ("typescript", "interface Job { title: string }\nconst n: number = 1;"),
            ("python", "def pay(amount):\n    return amount * 1.1  # 税"),
            ("ruby", "def pay(amount)\n  amount * 1.1 # 税\nend"),
            ("go", "func pay(a int) int { return a * 2 } // x"),
            ("rust", "fn pay(a: u32) -> u32 { a * 2 } // x"),
            ("java", "public class Pay { int a = 1; } // x"),
            ("kotlin", "fun pay(a: Int): Int = a * 2 // x"),
            ("c", "#include <stdio.h>\nint main(void) { return 0; }"),
            ("cpp", "#include <vector>\nint main() { std::vector<int> v; return 0; }"),
            ("csharp", "public class Pay { int a = 1; } // x"),
            ("php", "<?php function pay($a) { return $a * 2; } // x"),
            ("bash", "for f in *.md; do echo \"$f\"; done # x"),
            ("shell", "if [ -f a ]; then echo yes; fi"),
            ("console", "echo \"hello\" # x"),
            ("yaml", "title: 書く仕事 # x\ntags: [a, b]"),
            ("json", "{\"title\": \"書く仕事\", \"count\": 3}"),
            ("toml", "title = \"書く仕事\" # x\ncount = 3"),
            ("html", "<p class=\"a\">本文</p><!-- x -->"),
            ("xml", "<?xml version=\"1.0\"?><a b=\"c\">d</a>"),
            ("css", ".a { color: #fff; } /* x */"),
            ("scss", "$c: #fff; .a { color: $c; } // x"),
            ("sql", "SELECT title FROM posts WHERE id = 1; -- x"),
            ("markdown", "# 見出し\n\n**太字** と `code`"),
            ("diff", "--- a\n+++ b\n-old\n+new"),
            ("dockerfile", "FROM debian:12\nRUN apt-get update # x"),
        ]
        for (language, code) in samples {
            let html = highlighting.render("```\(language)\n\(code)\n```\n").html
            #expect(html.hasPrefix("<pre><code class=\"language-\(language)\">"), "\(language): \(html)")
            #expect(html.contains("<span class=\"hl-"), "\(language) is not highlighted: \(html)")
            // Escaped: no `<` but the spans' and the block's own.
            let stripped = html.replacingAll("<span class=\"hl-", with: "").replacingAll("</span>", with: "")
                .replacingAll("<pre><code class=\"language-\(language)\">", with: "").replacingAll("</code></pre>", with: "")
            #expect(!stripped.contains("<"), "\(language): \(stripped)")
        }
        let swift = highlighting.render("```swift\nlet a = \"<b>&\" // 注\n```\n").html
        #expect(swift.contains("<span class=\"hl-kw\">let</span>"))
        #expect(swift.contains("<span class=\"hl-st\">&quot;&lt;b&gt;&amp;&quot;</span>") || swift.contains("<span class=\"hl-st\">\"&lt;b&gt;&amp;\"</span>"))
        #expect(swift.contains("<span class=\"hl-cm\">// 注</span>"))
        let unknown = highlighting.render("```nosuchlanguage\nlet a = 1 < 2\n```\n").html
        #expect(unknown == "<pre><code class=\"language-nosuchlanguage\">let a = 1 &lt; 2\n</code></pre>\n")
        #expect(highlighting.render("```\nlet a = 1\n```\n").html == "<pre><code>let a = 1\n</code></pre>\n")
        // In a list and a quote, as at the top level.
        let nested = highlighting.render("- 例:\n\n  ```python\n  print(1)\n  ```\n\n> ```go\n> func f() {}\n> ```\n").html
        #expect(nested.contains("<code class=\"language-python\">") && nested.contains("<code class=\"language-go\">"))
        #expect(nested.components(separatedBy: "<span class=\"hl-").count > 2)
    }

    /// Hugo's per-block options: numbered lines and highlighted lines, as spans the theme
    /// numbers with a CSS counter (copying the code copies no numbers).
    @Test func lineNumbersAndHighlightedLines() {
        let code = "def a():\n    return 1\n\nprint(a())\n"
        let numbered = highlighting.render("```python {linenos=true, hl_lines=[2, \"4-4\"]}\n\(code)```\n").html
        #expect(numbered.hasPrefix("<pre><code class=\"language-python\" data-linenos><span class=\"line\"><span class=\"hl-kw\">def</span>"), "\(numbered)")
        #expect(numbered.components(separatedBy: "<span class=\"line").count - 1 == 4)
        #expect(numbered.components(separatedBy: "<span class=\"line hl\">").count - 1 == 2)
        #expect(numbered.contains("<span class=\"line\"></span>\n")) // the empty third line keeps its place
        let marked = highlighting.render("```python hl_lines=1\n\(code)```\n").html
        #expect(marked.hasPrefix("<pre><code class=\"language-python\"><span class=\"line hl\">"))
        #expect(highlighting.render("```python\n\(code)```\n").html.contains("<span class=\"line") == false)
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

    /// No two ids on a page are the same: a heading never takes an earlier heading's id (`a`,
    /// `a`, `a-1` → `a`, `a-1`, `a-1-1`), a footnote's, or one the theme writes.
    @Test func idsAreUniqueOverThePage() {
        var renderer = safe
        renderer.reservedIDs = ["main", "related-heading"]
        let rendered = renderer.render("## a\n\n## a\n\n## a-1\n\n## Main\n\n## fn-1\n\n## fnref-1\n\n本文[^1]と[^note]。\n\n[^1]: 注。\n[^note]: 注2。\n")
        #expect(rendered.headings.map(\.id) == ["a", "a-1", "a-1-1", "main-1", "fn-1-1", "fnref-1-1"])
        let ids = rendered.html.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count, "\(ids)")
        #expect(ids.contains("fn-1") && ids.contains("fnref-1") && ids.contains("fn-note"))
    }

    /// `[TOC]` or `[:contents]` alone in a paragraph, or `toc: true`: a nested list of the h2
    /// and h3 headings, linking to their ids, in a `<details>` box.
    @Test func tableOfContents() {
        let body = "はじめに。\n\n## 何が起きたか\n\n### 依頼文\n\n### 納期\n\n## <まとめ>\n\n#### 深すぎる見出し\n"
        var renderer = safe
        renderer.tocLabel = "目次"
        #expect(!renderer.render(body).html.contains("toc"))
        renderer.tableOfContents = true
        let html = renderer.render(body).html
        let box = """
        <details class="toc" open>
        <summary>目次</summary>
        <nav aria-label="目次">
        <ol>
        <li><a href="#何が起きたか">何が起きたか</a><ol><li><a href="#依頼文">依頼文</a></li><li><a href="#納期">納期</a></li></ol></li>
        <li><a href="#まとめ">&lt;まとめ&gt;</a></li>
        </ol>
        </nav>
        </details>
        <h2 id="何が起きたか">
        """
        #expect(html.contains("<p>はじめに。</p>\n" + box), "\(html)")
        #expect(!html.contains("href=\"#深すぎる見出し\"")) // h4 and below are not listed
        // A marker puts it where it stands (and is not text: not in summaries or search).
        renderer.tableOfContents = false
        for marker in ["[TOC]", "[:contents]"] {
            let marked = renderer.render("前置き。\n\n\(marker)\n\n## 一つ目\n\n本文。\n")
            #expect(marked.html.hasPrefix("<p>前置き。</p>\n<details class=\"toc\" open>"), "\(marked.html)")
            #expect(!marked.html.contains(marker) && !marked.text.contains(marker))
        }
        // In a code span or with other text it is only text.
        #expect(renderer.render("`[TOC]` と [TOC] の話。\n\n## 見出し\n").html.contains("[TOC] の話"))
        // No h2 or h3: no box, and the marker is gone.
        #expect(renderer.render("[TOC]\n\n本文だけ。\n").html == "<p>本文だけ。</p>\n")
    }

    @Test func lineBreaksJoinJapaneseWithoutSpaces() {
        let rendered = safe.render("一行目の文章です。\n二行目の文章です。\n\nEnglish line\nwraps here.")
        #expect(rendered.text == "一行目の文章です。二行目の文章です。English line wraps here.")
    }

    @Test func theFirstImageFirstTheOthersLazy() {
        let html = safe.render("![図](/a.png)\n\n![次](/b.png)\n\n<img src=\"/c.png\">").html
        #expect(html.contains("<img src=\"/a.png\" alt=\"図\" fetchpriority=\"high\">"))
        #expect(html.contains("<img src=\"/b.png\" alt=\"次\" loading=\"lazy\" decoding=\"async\">"))
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
