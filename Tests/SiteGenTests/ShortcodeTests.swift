import Foundation
import Testing
@testable import SiteGen

/// Hugo shortcodes in posts brought from a Hugo site: rendered through the theme's
/// `Templates/shortcodes/`, never left as text, never touched inside code.
@Suite struct ShortcodeTests {
    static let post = """
    +++
    title = "ショートコードの記事"
    date = 2014-05-31T10:00:00+09:00
    [params]
    series = "受注の記録"
    +++

    シリーズ：{{< param "series" >}}

    {{< figure src="/images/brief.png" alt="依頼文" caption="曖昧な依頼文" >}}

    {{< youtube w7Ft2ymGmfc >}}

    {{< x user="sitegen" id="1453110110599868418" >}}

    {{< gist someone 23932424365401ffa5e9d9810102a477 >}}

    {{% notice %}}**締め切り**は守る{{% /notice %}}

    {{< note >}}
    中身は *Markdown* です。
    {{< /note >}}

    [前の記事]({{< relref "first.md" >}})、[絶対]({{< ref "first" >}})

    {{< highlight go "linenos=table,hl_lines=2" >}}
    package main
    func main() {}
    {{< /highlight >}}

    書き方：{{</* youtube ID */>}}

    `{{< youtube inCode >}}` はそのまま。

    ```
    {{< vimeo inFence >}}
    ```
    """

    func site() throws -> TestSite {
        let site = try TestSite()
        try site.write("Content/posts/2014-05-01-first.md", "---\ntitle: 最初の記事\n---\n最初。\n")
        try site.write("Content/posts/140531.md", Self.post)
        try site.write("Templates/shortcodes/notice.mustache", "> {{{inner}}}\n")
        try site.write("Templates/shortcodes/note.mustache", "<aside class=\"note\">{{{innerHTML}}}</aside>")
        return site
    }

    @Test func everyKindRenders() throws {
        let site = try site()
        try site.build()
        let html = try site.read("posts/140531/index.html")
        #expect(html.contains("シリーズ：受注の記録"))
        #expect(html.contains("<figure class=\"figure\"><img src=\"/images/brief.png\" alt=\"依頼文\""))
        #expect(html.contains("<figcaption>曖昧な依頼文</figcaption></figure>"))
        #expect(html.contains("<div class=\"embed embed--video\"><iframe src=\"https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc\""))
        #expect(!html.contains("<p><div class=\"embed"))                     // a block stands for its paragraph
        #expect(html.contains("https://x.com/sitegen/status/1453110110599868418"))
        #expect(html.contains("https://gist.github.com/someone/23932424365401ffa5e9d9810102a477"))
        #expect(html.contains("<blockquote>\n<p><strong>締め切り</strong>は守る</p>\n</blockquote>"))  // {{% %}}: Markdown
        #expect(html.contains("<aside class=\"note\"><p>中身は <em>Markdown</em> です。</p>"))
        #expect(html.contains("<a href=\"/posts/first/\">前の記事</a>"))
        #expect(html.contains("<a href=\"https://example.com/posts/first/\">絶対</a>"))
        #expect(html.contains("class=\"language-go"))
        #expect(html.contains("書き方：{{&lt; youtube ID &gt;}}"))
        #expect(html.contains("<code>{{&lt; youtube inCode &gt;}}</code>"))
        #expect(html.contains("{{&lt; vimeo inFence &gt;}}"))
        // Nothing else is left as text.
        let rest = html.replacingOccurrences(of: "{{&lt; youtube ID &gt;}}", with: "")
            .replacingOccurrences(of: "{{&lt; youtube inCode &gt;}}", with: "").replacingOccurrences(of: "{{&lt; vimeo inFence &gt;}}", with: "")
        #expect(!rest.contains("{{&lt;") && !rest.contains("{{%") && !rest.contains("\u{E000}"))
        // The summary and the search index read the words, not the placeholders.
        let search = try site.read("search/index.json") + (try site.read("feed.xml"))
        #expect(!search.contains("\u{E000}") && !search.contains("{{<"))
    }

    @Test func anUnknownShortcodeFailsWithItsLine() throws {
        let site = try TestSite()
        try site.write("Content/posts/a.md", "---\ntitle: a\ndate: 2014-01-01\n---\n本文\n\n{{< link-card url=\"https://example.com\" >}}\n\n{{< ref \"nothing.md\" >}}\n")
        let errors = site.buildErrors()
        #expect(errors.contains { $0.file == "Content/posts/a.md" && $0.line == 7 && $0.message == "the shortcode `link-card` has no template" }, "\(errors)")
        #expect(errors.contains { $0.line == 9 && $0.message.contains("`nothing.md`") }, "\(errors)")
        #expect(!site.exists("index.html"))
    }

    /// A changed shortcode template is seen by the next build (the body's cache key holds it),
    /// and that build equals a clean one.
    @Test func aChangedTemplateRendersAgain() throws {
        let site = try site()
        try site.build()
        try site.write("Templates/shortcodes/note.mustache", "<aside class=\"note note--new\">{{{innerHTML}}}</aside>")
        try site.build()
        #expect(try site.read("posts/140531/index.html").contains("note note--new"))
        // A ref follows its target when the target moves.
        try site.write("Content/posts/2014-05-01-first.md", "---\ntitle: 最初の記事\nslug: moved\n---\n最初。\n")
        try site.build()
        #expect(try site.read("posts/140531/index.html").contains("<a href=\"/posts/moved/\">前の記事</a>"))
    }
}
