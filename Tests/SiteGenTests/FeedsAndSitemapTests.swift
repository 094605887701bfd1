import Foundation
import Testing
@testable import SiteGen

@Suite struct FeedsAndSitemapTests {
    func site(baseURL: String = "https://example.com/") throws -> TestSite {
        let site = try TestSite(config: TestSite.defaultConfig.replacingOccurrences(of: "https://example.com/", with: baseURL))
        try site.post("one", title: "一つ目", date: "2026-01-10 09:00", extra: "tags: [仮払い]", body: "![図](/images/a.png)\n\n[前の記事](/posts/two/)")
        try site.post("two", title: "Second", date: "2026-02-11T10:00:00+09:00", extra: "lastmod: 2026-03-01")
        try site.build()
        return site
    }

    @Test func atomFeedHasAbsoluteURLsAndDates() throws {
        let feed = try XMLNode.parse(site().read("feed.xml"))
        #expect(feed.name == "feed")
        let entries = feed.all("entry")
        #expect(entries.count == 2)
        #expect(entries[0].first("title")?.text == "Second") // newest first
        #expect(entries[0].first("updated")?.text == "2026-03-01T00:00:00+09:00")
        #expect(entries[1].first("link")?.attributes["href"] == "https://example.com/posts/one/")
        #expect(entries[1].first("published")?.text == "2026-01-10T09:00:00+09:00")
        #expect(feed.first("updated")?.text == "2026-03-01T00:00:00+09:00")
    }

    @Test func rssFeedIsRSS2WithRFC822Dates() throws {
        let rss = try XMLNode.parse(site().read("rss.xml"))
        #expect(rss.name == "rss" && rss.attributes["version"] == "2.0")
        let items = rss.all("item")
        #expect(items.count == 2)
        #expect(items[1].first("pubDate")?.text == "Sat, 10 Jan 2026 09:00:00 +0900")
        #expect(items[1].first("guid")?.text == "https://example.com/posts/one/")
        // Content links are absolute for feed readers.
        #expect(items[1].first("content:encoded")?.text.contains("src=\"https://example.com/images/a.png\"") == true)
    }

    @Test func sitemapListsEveryPageAndRobotsPointsAtIt() throws {
        let site = try site()
        let sitemap = try XMLNode.parse(site.read("sitemap.xml"))
        let locs = sitemap.all("loc").map(\.text)
        #expect(locs.contains("https://example.com/"))
        #expect(locs.contains("https://example.com/posts/one/"))
        #expect(locs.contains("https://example.com/tags/%E4%BB%AE%E6%89%95%E3%81%84/"))
        #expect(!locs.contains { $0.contains("404") })
        #expect(Set(locs).count == locs.count)
        #expect(try site.read("robots.txt").contains("Sitemap: https://example.com/sitemap.xml"))
    }

    @Test func aBaseURLWithASubPathPrefixesEveryLink() throws {
        let site = try site(baseURL: "https://example.com/blog/")
        let post = try site.read("posts/one/index.html")
        #expect(post.contains("<link rel=\"stylesheet\" href=\"/blog/assets/style.css\">"))
        #expect(post.contains("<a class=\"site-title\" href=\"/blog/\">"))
        #expect(post.contains("src=\"/blog/images/a.png\""))   // root-relative Markdown image
        #expect(post.contains("href=\"/blog/posts/two/\""))    // root-relative Markdown link
        #expect(post.contains("href=\"/blog/tags/%E4%BB%AE%E6%89%95%E3%81%84/\""))
        #expect(post.contains("<link rel=\"canonical\" href=\"https://example.com/blog/posts/one/\">"))
        // No link escapes the sub-path.
        let hrefs = post.components(separatedBy: "href=\"/").dropFirst().map { String($0.prefix(5)) }
        #expect(hrefs.allSatisfy { $0.hasPrefix("blog/") }, "\(hrefs)")
        let feed = try XMLNode.parse(site.read("feed.xml"))
        #expect(feed.first("id")?.text == "https://example.com/blog/")
        #expect(feed.first("entry")?.first("link")?.attributes["href"] == "https://example.com/blog/posts/two/")
        let sitemap = try XMLNode.parse(site.read("sitemap.xml"))
        #expect(sitemap.all("loc").allSatisfy { $0.text.hasPrefix("https://example.com/blog/") })
        #expect(try site.read("robots.txt").contains("https://example.com/blog/sitemap.xml"))
    }

    @Test func baseURLFlagOverridesSiteYML() throws {
        let site = try site()
        try site.build(baseURL: "https://other.example/sub")
        #expect(try site.read("index.html").contains("href=\"https://other.example/sub/\""))
    }
}
