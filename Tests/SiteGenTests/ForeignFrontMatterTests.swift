import Foundation
import Testing
@testable import SiteGen

/// Posts as Hugo and Jekyll sites have them, dropped into Content/posts/ unchanged: TOML
/// between `+++`, a JSON object, YAML with capitalised keys and the other generators' names.
@Suite struct ForeignFrontMatterTests {
    /// A post as a Japanese Hugo blog (moved from Hatena) writes it.
    static let hugoTOML = """
    +++
    Categories = ["エンジニアリング"]
    Description = "曖昧な依頼文を受けたときの確認手順"
    Tags = ["納期", "見積もり"]
    date = 2014-05-31T10:00:00+09:00
    title = "曖昧な依頼を受けたとき"
    url = "/entry/2014/05/31/100000/"
    images = ["/images/brief.png"]
    lastmod = "2015-01-02"

    [params]
    series = "受注の記録"
    +++

    依頼文に「いい感じで」とだけあった。

    <!--more-->

    ## 確認したこと
    """

    static let hugoJSON = """
    {
      "title": "JSON で書いた記事",
      "date": "2015-03-01",
      "Tags": ["json", "hugo"],
      "draft": false
    }

    本文は JSON の後から。
    """

    static let jekyll = """
    ---
    layout: default
    Title: Jekyll の記事
    date: 2016-07-08 09:10:00 +0900
    excerpt: Jekyll の抜粋。
    permalink: /blog/2016/07/08/jekyll.html
    categories: [diary]
    ---
    Jekyll から来た本文。
    """

    @Test func hugoAndJekyllPostsBuildAsTheyAre() throws {
        let site = try TestSite()
        try site.write("Content/posts/140531.md", Self.hugoTOML)
        try site.write("Content/posts/json-post.md", Self.hugoJSON)
        try site.write("Content/posts/2016-07-08-jekyll.md", Self.jekyll)
        try site.build()

        let toml = try site.read("posts/140531/index.html")
        #expect(toml.contains("<title>曖昧な依頼を受けたとき | テストのブログ</title>"))
        #expect(toml.contains("曖昧な依頼文を受けたときの確認手順"))        // Description, capitalised
        #expect(toml.contains("納期") && toml.contains("見積もり"))        // Tags
        #expect(toml.contains("2014-05-31"))
        #expect(toml.contains("/images/brief.png"))                       // the first of images: the share card
        #expect(!toml.contains("+++") && !toml.contains("Categories ="))
        #expect(toml.contains("依頼文に「いい感じで」とだけあった。"))
        // The old address (Hugo's `url`) leads to the new page.
        let alias = try site.read("entry/2014/05/31/100000/index.html")
        #expect(alias.contains("/posts/140531/"))
        #expect(site.exists("categories/エンジニアリング/index.html") || site.exists("categories/\(Slug.make("エンジニアリング"))/index.html"))

        let json = try site.read("posts/json-post/index.html")
        #expect(json.contains("JSON で書いた記事") && json.contains("本文は JSON の後から。"))
        #expect(!json.contains("&quot;title&quot;") && !json.contains("\"draft\""))
        #expect(json.contains("json") && json.contains("hugo"))

        let jekyllPage = try site.read("posts/jekyll/index.html")
        #expect(jekyllPage.contains("Jekyll の記事") && jekyllPage.contains("Jekyll から来た本文。"))
        #expect(jekyllPage.contains("Jekyll の抜粋。"))                     // excerpt → description
        #expect(site.exists("blog/2016/07/08/jekyll.html") || site.exists("blog/2016/07/08/jekyll.html/index.html"))
    }

    /// The YAML a TOML front matter becomes puts each key on its own line, so an error names
    /// the line the writer sees; a TOML mistake is named with its line too.
    @Test func errorsNameTheLineInTheOriginal() throws {
        let site = try TestSite()
        try site.write("Content/posts/bad-date.md", "+++\ntitle = \"x\"\n\ndate = \"2014-13-45\"\n+++\nbody\n")
        #expect(site.buildErrors().contains { $0.file == "Content/posts/bad-date.md" && $0.line == 4 && $0.message.contains("2014-13-45") })

        let broken = try TestSite()
        try broken.write("Content/posts/broken.md", "+++\ntitle = \"x\"\ntags = [\"a\",\n+++\nbody\n")
        let errors = broken.buildErrors()
        #expect(errors.count == 1)
        #expect(errors.first?.file == "Content/posts/broken.md" && errors.first?.message.hasPrefix("invalid TOML") == true, "\(errors)")

        let unclosed = try TestSite()
        try unclosed.write("Content/posts/open.md", "+++\ntitle = \"x\"\nbody\n")
        #expect(unclosed.buildErrors().first?.message == "the TOML front matter that starts here is never closed")

        let json = try TestSite()
        try json.write("Content/posts/j.md", "{\n  \"title\": \"x\",\n  \"date\": \"2015-02-30\"\n}\nbody\n")
        #expect(json.buildErrors().contains { $0.line == 3 && $0.message.contains("2015-02-30") }, "\(json.buildErrors())")
    }

    @Test func expiredPostsAreTakenDown() throws {
        let site = try TestSite()
        try site.post("gone", title: "終わった募集", extra: "expiryDate: 2026-02-01")
        try site.post("open", title: "続いている募集", extra: "expiryDate: 2027-02-01")
        try site.build()
        #expect(!site.exists("posts/gone/index.html"))
        #expect(site.exists("posts/open/index.html"))
        // An incremental build agrees with a clean one.
        try site.build()
        #expect(!site.exists("posts/gone/index.html"))
    }

    /// `sitegen check` knows the other generators' keys: no "unknown key" for them.
    @Test func checkKnowsTheOtherGeneratorsKeys() async throws {
        let site = try TestSite()
        try site.write("Content/posts/140531.md", Self.hugoTOML)
        try site.write("Content/posts/2016-07-08-jekyll.md", Self.jekyll)
        let report = await SiteChecker.check(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now)))
        let unknown = report.findings.filter { $0.message.hasPrefix("unknown front matter key") }
        #expect(unknown.isEmpty, "\(unknown)")
        // A key no generator has is still named.
        try site.write("Content/posts/typo.md", "+++\ntitle = \"x\"\ndate = 2014-01-01\ntgas = [\"a\"]\n+++\n")
        let typo = await SiteChecker.check(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now)))
        #expect(typo.findings.contains { $0.file == "Content/posts/typo.md" && $0.line == 4 && $0.message == "unknown front matter key `tgas`" && $0.hint == "did you mean `tags`?" })
    }

    /// Hugo's page bundles: the folder names the post, and its files are published beside
    /// the page wherever the permalink puts it; a draft's files stay private; `_index.md` is no post.
    @Test func pageBundlesKeepTheirFilesBesideThePage() throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\npermalink: /:year/:month/:slug/\n")
        try site.write("Content/posts/2014-05-31-bundle/index.md", "+++\ntitle = \"束\"\n+++\n![写真](photo.png)\n")
        try site.write("Content/posts/2014-05-31-bundle/photo.png", "PNG")
        try site.write("Content/posts/2014-06-01-draft/index.md", "---\ntitle: 下書き\ndraft: true\n---\n![秘密](secret.png)\n")
        try site.write("Content/posts/2014-06-01-draft/secret.png", "PNG")
        try site.write("Content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n")
        try site.write("Content/pages/about-me/index.md", "---\ntitle: 私について\n---\n![顔](face.png)\n")
        try site.write("Content/pages/about-me/face.png", "PNG")
        try site.build()
        #expect(try site.read("2014/05/bundle/index.html").contains("<img src=\"photo.png\" alt=\"写真\""))
        #expect(try site.read("2014/05/bundle/photo.png") == "PNG")
        #expect(!site.exists("posts/2014-05-31-bundle/photo.png"))
        #expect(!site.exists("2014/06/draft/index.html") && !site.exists("posts/2014-06-01-draft/secret.png"))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("2014/06/draft").path))
        #expect(try site.read("about-me/index.html").contains("私について") && (try site.read("about-me/face.png")) == "PNG")
        #expect(!site.exists("posts/index.html") && !site.exists("_index/index.html"))
    }
}
