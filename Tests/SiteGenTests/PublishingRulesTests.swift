import Foundation
import Testing
@testable import SiteGen

/// Which posts are published, under which URL, with which neighbours.
@Suite struct PublishingRulesTests {
    func site() throws -> TestSite {
        let site = try TestSite()
        try site.post("2026-01-10-published", title: "公開済み")
        try site.post("draft", title: "下書き", extra: "draft: true")
        try site.post("future", title: "未来の記事", date: "2027-01-01")
        return site
    }

    @Test func draftsAndFuturePostsAreLeftOutByDefault() throws {
        let site = try site()
        try site.build()
        #expect(site.exists("posts/published/index.html"))
        #expect(!site.exists("posts/draft/index.html"))
        #expect(!site.exists("posts/future/index.html"))
        #expect(try !site.read("feed.xml").contains("下書き"))
        #expect(try !site.read("sitemap.xml").contains("/posts/future/"))
    }

    @Test func draftsAndFutureFlagsIncludeThem() throws {
        let site = try site()
        try site.build(drafts: true, future: true)
        #expect(site.exists("posts/draft/index.html"))
        #expect(site.exists("posts/future/index.html"))
    }

    @Test func slugRules() throws {
        let site = try TestSite()
        try site.post("2026-01-10-first-client", title: "日付の接頭辞は落とす")
        try site.post("2026-01-11-初めての案件", title: "日本語のファイル名")
        try site.post("2026-01-12-ｘ", title: "明示", extra: "slug: My Explicit Slug")
        try site.post("2026-01-13-！！", title: "記号だけ", date: "2026-01-13 15:30")
        try site.build()
        #expect(site.exists("posts/first-client/index.html"))
        #expect(site.exists("posts/初めての案件/index.html"))
        #expect(site.exists("posts/my-explicit-slug/index.html"))
        #expect(site.exists("posts/20260113-153000/index.html"))
    }

    @Test func permalinkPatternWithDateTokens() throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\npermalink: /:year/:month/:day/:slug/")
        try site.post("a", title: "A", date: "2026-03-04T23:30:00Z") // already the 5th in Tokyo
        try site.build()
        #expect(site.exists("2026/03/05/a/index.html"))
    }

    @Test func previousNextAndRelatedPosts() throws {
        let site = try TestSite()
        try site.post("old", title: "古い記事", date: "2026-01-01", extra: "tags: [仮払い, 納期]")
        try site.post("mid", title: "真ん中", date: "2026-01-02", extra: "tags: [仮払い]")
        try site.post("new", title: "新しい記事", date: "2026-01-03", extra: "tags: [仮払い, 納期]")
        try site.post("other", title: "無関係", date: "2026-01-04", extra: "tags: [料理]")
        try site.build()
        let mid = try site.read("posts/mid/index.html")
        #expect(mid.contains("<a class=\"post-nav__prev\" href=\"/posts/old/\" rel=\"prev\">"))
        #expect(mid.contains("<a class=\"post-nav__next\" href=\"/posts/new/\" rel=\"next\">"))
        let new = try site.read("posts/new/index.html")
        let related = try #require(new.between("<section class=\"related\"", "</section>"))
        // "old" shares two tags, "mid" one: old first; the unrelated post not at all.
        let oldAt = try #require(related.range(of: "/posts/old/")).lowerBound
        let midAt = try #require(related.range(of: "/posts/mid/")).lowerBound
        #expect(oldAt < midAt)
        #expect(!related.contains("/posts/other/"))
        #expect(try !site.read("posts/other/index.html").contains("class=\"related\""))
    }

    @Test func staticFilesAndThemeAssetsAreCopied() throws {
        let site = try TestSite()
        try site.write("Content/images/photo.png", "PNG")
        try site.write("Content/CNAME", "blog.example.com")
        try site.write("Content/pages/about.md", "---\ntitle: 自己紹介\n---\nこんにちは。")
        try site.build()
        #expect(try site.read("images/photo.png") == "PNG")
        #expect(try site.read("CNAME") == "blog.example.com")
        #expect(site.exists("assets/style.css"))
        #expect(!site.exists("site.yml"))
        #expect(try site.read("about/index.html").contains("<h1 class=\"post__title\">自己紹介</h1>"))
        #expect(try site.read("index.html").contains("<a href=\"/about/\">自己紹介</a>"))
    }

    @Test func aliasesWriteRedirectPages() throws {
        let site = try TestSite()
        try site.post("new-home", title: "引っ越し", extra: "aliases: [/entry/2017/09/18/old, old.html]")
        try site.build()
        let redirect = try site.read("entry/2017/09/18/old/index.html")
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.com/posts/new-home/\">"))
        #expect(redirect.contains("<link rel=\"canonical\" href=\"https://example.com/posts/new-home/\">"))
        #expect(site.exists("old.html"))
    }

    @Test func everyPageHasTheHeadTagsSearchAndSocialNeed() throws {
        let site = try TestSite()
        try site.post("a", title: "記事", extra: "image: /images/cover.png\ndescription: 説明文")
        try site.build()
        let html = try site.read("posts/a/index.html")
        #expect(html.contains("<html lang=\"ja\">"))
        #expect(html.contains("<title>記事 | テストのブログ</title>"))
        #expect(html.contains("<meta name=\"description\" content=\"説明文\">"))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.com/posts/a/\">"))
        #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(html.contains("<meta property=\"og:image\" content=\"https://example.com/images/cover.png\">"))
        #expect(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        #expect(html.contains("\"@type\":\"BreadcrumbList\""))
        #expect(html.contains("<time datetime=\"2026-01-10T00:00:00+09:00\">2026年1月10日</time>"))
        let home = try site.read("index.html")
        #expect(home.contains("\"@type\":\"WebSite\""))
        #expect(home.contains("<title>テストのブログ</title>"))
        let notFound = try site.read("404.html")
        #expect(notFound.contains("ページが見つかりません"))
        #expect(notFound.contains("<meta name=\"robots\" content=\"noindex\">"))
    }

    @Test func unsafeImageURLsAreDropped() throws {
        let site = try TestSite()
        try site.post("a", title: "記事", extra: "image: \"javascript:alert(1)\"")
        try site.build()
        #expect(try !site.read("posts/a/index.html").contains("javascript:"))
    }
}
