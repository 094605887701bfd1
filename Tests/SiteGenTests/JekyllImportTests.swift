import Foundation
import Testing
@testable import SiteGen

/// `sitegen import jekyll`: a small Jekyll site (settings, dated posts with categories and
/// Liquid, a draft, a page, images, an HTML layout page) becomes a sitegen site that builds,
/// every Jekyll address still answering.
@Suite struct JekyllImportTests {
    static func jekyllSite() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jekyll-\(UUID().uuidString)")
        func write(_ relative: String, _ text: String) throws { try TestSite.write(text, at: root.appendingPathComponent(relative)) }
        try write("_config.yml", """
        title: 翻訳の仕事
        description: 翻訳者のブログ
        url: https://translator.example.jp
        baseurl: /blog
        lang: ja
        timezone: Asia/Tokyo
        paginate: 8
        author:
          name: 訳者
        """)
        try write("_posts/2016-07-08-first-job.md", """
        ---
        layout: post
        title: 最初の仕事
        categories: [Work, Translation]
        ---
        次の記事は[こちら]({% post_url 2016-08-01-deadline %})。画像：![表]({{ site.baseurl }}/images/table.png)

        {% highlight ruby linenos %}
        puts "納期"
        {% endhighlight %}

        {% raw %}{{ not liquid }}{% endraw %}

        {% include note.html %}
        """)
        try write("_posts/2016-08-01-deadline.md", "---\ntitle: 納期の話\ncategory: work\n---\n本文。\n")
        try write("_drafts/escrow.md", "---\ntitle: 仮払いの話\n---\n書きかけ。\n")
        try write("about.md", "---\nlayout: page\ntitle: 私について\n---\n翻訳者です。\n")
        try write("images/table.png", "PNG")
        try write("index.html", "---\nlayout: home\n---\n")
        try write("archive.html", "---\nlayout: page\n---\n{% for post in site.posts %}{% endfor %}\n")
        try write("Gemfile", "source 'https://rubygems.org'\n")
        try write("_site/old.html", "old build\n")
        return root
    }

    @Test func aJekyllSiteBecomesASitegenSite() throws {
        let jekyll = try Self.jekyllSite()
        defer { try? FileManager.default.removeItem(at: jekyll) }
        let site = try TestSite(config: "title: x\n", theme: false)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/site.yml"))
        let report = try JekyllImporter(source: jekyll, destination: site.root, now: TestSite.now).run()
        #expect(report.posts == 2 && report.drafts == 1 && report.pages == 1, "\(report)")
        #expect(report.aliases == 2)
        // `layout: post` is sitegen's too; `layout: page` as well; a theme's own `home`-like name is set aside as a comment.
        #expect(report.layoutsSetAside == 0)
        #expect(JekyllImporter.settingAsideLayout("---\nlayout: article\ntitle: x\n---\n", known: ["post", "page"]) == "---\n# layout: article (Jekyll's; sitegen shows this with its own layout)\ntitle: x\n---\n")
        #expect(JekyllImporter.settingAsideLayout("---\nlayout: post\n---\n", known: ["post"]) == nil)
        // Liquid sitegen does not read is named with its line; the HTML layout page too.
        #expect(report.liquid.contains { $0.file == "_posts/2016-07-08-first-job.md" && $0.line == 14 && $0.message.contains("{% include note.html %}") })
        #expect(report.liquid.contains { $0.file == "archive.html" })
        #expect(report.liquid.count == 2, "\(report.liquid)")
        let yml = try String(contentsOf: site.root.appendingPathComponent("Content/site.yml"), encoding: .utf8)
        #expect(yml.contains("base_url: \"https://translator.example.jp/blog/\"") && yml.contains("posts_per_page: 8"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Content/Gemfile").path))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Content/_site").path))

        try site.build()
        let post = try site.read("2016/07/08/first-job/index.html")
        #expect(post.contains("<a href=\"/blog/2016/08/01/deadline/\">こちら</a>"))   // post_url, under the base path
        #expect(post.contains("src=\"/blog/images/table.png\""))
        #expect(post.contains("class=\"language-ruby") && post.contains("{{ not liquid }}"))
        #expect(!post.contains("{%") || post.contains("{% include note.html %}"))
        // Jekyll's addresses: /:categories/:year/:month/:day/:title.html, categories lower-cased.
        #expect(site.exists("work/translation/2016/07/08/first-job.html"))
        #expect(try site.read("work/2016/08/01/deadline.html").contains("/blog/2016/08/01/deadline/"))
        #expect(try site.read("about/index.html").contains("翻訳者です。"))
        #expect(!site.exists("2026/11/29/escrow/index.html"))                      // a draft stays a draft
        try site.build(drafts: true)
        #expect(site.exists("2026/11/29/escrow/index.html"))
    }

    @Test func liquidBecomesSitegens() {
        var found: [SiteError] = []
        let text = "---\ntitle: x\n---\n{% highlight swift %}\nlet a = 1\n{% endhighlight %}\n[a]({% link _posts/2016-08-01-deadline.md %})\n{{ site.url }}{{ site.baseurl }}/x/\n"
        let out = JekyllImporter.convertLiquid(text, file: "a.md", liquid: &found)
        #expect(out == "---\ntitle: x\n---\n```swift\nlet a = 1\n```\n[a]({{< relref \"posts/2016-08-01-deadline.md\" >}})\n/x/\n")
        #expect(found.isEmpty)
    }
}
