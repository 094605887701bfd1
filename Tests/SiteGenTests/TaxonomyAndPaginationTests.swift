import Foundation
import Testing
@testable import SiteGen

@Suite struct TaxonomyTests {
    @Test func unicodeTagPagesAreReadableOnDiskAndEncodedInLinks() throws {
        let site = try TestSite()
        try site.post("a", title: "A", extra: "tags: [クラウドソーシング, Swift]\ncategories: [仕事の記録]")
        try site.post("b", title: "B", date: "2026-01-11", extra: "tags: [クラウドソーシング, swift]")
        try site.build()
        #expect(site.exists("tags/クラウドソーシング/index.html"))
        #expect(site.exists("categories/仕事の記録/index.html"))
        let encoded = "/tags/%E3%82%AF%E3%83%A9%E3%82%A6%E3%83%89%E3%82%BD%E3%83%BC%E3%82%B7%E3%83%B3%E3%82%B0/"
        let post = try site.read("posts/a/index.html")
        #expect(post.contains("href=\"\(encoded)\""))
        #expect(post.contains("#クラウドソーシング"))
        // The tag page lists both posts; "Swift" and "swift" share one page.
        let tagPage = try site.read("tags/クラウドソーシング/index.html")
        #expect(tagPage.contains("href=\"/posts/a/\"") && tagPage.contains("href=\"/posts/b/\""))
        #expect(site.outputFiles().filter { $0.hasPrefix("tags/swift") }.count == 1)
        #expect(try site.read("tags/swift/index.html").occurrences(of: "class=\"card\"") == 2)
        // The canonical URL of the tag page is absolute and encoded.
        #expect(tagPage.contains("<link rel=\"canonical\" href=\"https://example.com\(encoded)\">"))
        let index = try site.read("tags/index.html")
        #expect(index.contains("クラウドソーシング <span class=\"count\">2</span>"))
    }

    @Test func archivesGroupByYearAndMonth() throws {
        let site = try TestSite()
        try site.post("a", title: "一月の記事", date: "2025-01-10")
        try site.post("b", title: "九月の記事", date: "2026-09-18")
        try site.build()
        let archive = try site.read("archives/index.html")
        #expect(archive.contains("2026年9月") && archive.contains("2025年1月"))
        #expect(try site.read("archives/2026/09/index.html").contains("九月の記事"))
        #expect(try !site.read("archives/2026/09/index.html").contains("一月の記事"))
        #expect(try site.read("archives/2025/index.html").contains("一月の記事"))
    }
}

/// Pagination edges with 3 posts per page: 0, 1, exactly 3, and 4 posts.
@Suite struct PaginationTests {
    func site(posts: Int) throws -> TestSite {
        let site = try TestSite()
        for n in 0..<posts {
            try site.post("p\(n)", title: "記事\(n)", date: "2026-01-\(10 + n)", extra: "tags: [共通]")
        }
        try site.build()
        return site
    }

    @Test func noPostsStillWritesAHomePageWithAMessage() throws {
        let site = try site(posts: 0)
        let home = try site.read("index.html")
        #expect(home.contains("まだ記事がありません"))
        #expect(!home.contains("class=\"pagination\""))
        #expect(!site.exists("page/2/index.html"))
        #expect(try site.read("tags/index.html").contains("まだ記事がありません"))
    }

    @Test func onePost() throws {
        let site = try site(posts: 1)
        #expect(try site.read("index.html").occurrences(of: "class=\"card\"") == 1)
        #expect(!site.exists("page/2/index.html"))
    }

    @Test func exactlyOnePageFull() throws {
        let site = try site(posts: 3)
        let home = try site.read("index.html")
        #expect(home.occurrences(of: "class=\"card\"") == 3)
        #expect(!home.contains("class=\"pagination\""))
        #expect(!site.exists("page/2/index.html"))
    }

    @Test func onePastAPage() throws {
        let site = try site(posts: 4)
        let home = try site.read("index.html")
        #expect(home.occurrences(of: "class=\"card\"") == 3)
        #expect(home.contains("href=\"/page/2/\" rel=\"next\""))
        let second = try site.read("page/2/index.html")
        #expect(second.occurrences(of: "class=\"card\"") == 1)
        #expect(second.contains("href=\"/\" rel=\"prev\""))
        #expect(second.contains("記事0")) // the oldest post is on the last page
        #expect(second.contains("<title>2ページ目 | テストのブログ</title>"))
        #expect(!site.exists("page/3/index.html"))
        // Tag pages paginate the same way.
        #expect(site.exists("tags/共通/page/2/index.html"))
    }

    /// Long lists show a window of page numbers, not every page (which made a
    /// 1,000-page home list cost a million links).
    @Test func pagerShowsAWindow() throws {
        #expect(Pagination.window(current: 1, total: 1) == [1])
        #expect(Pagination.window(current: 1, total: 4) == [1, 2, 3, 4])
        #expect(Pagination.window(current: 1, total: 100) == [1, 2, 3, nil, 100])
        #expect(Pagination.window(current: 5, total: 100) == [1, 2, 3, 4, 5, 6, 7, nil, 100])
        #expect(Pagination.window(current: 50, total: 100) == [1, nil, 48, 49, 50, 51, 52, nil, 100])
        #expect(Pagination.window(current: 100, total: 100) == [1, nil, 98, 99, 100])

        let site = try TestSite()
        for n in 0..<30 { try site.post("p\(n)", title: "記事\(n)", date: String(format: "2026-01-%02d", n + 1)) }
        try site.build() // 10 pages of 3
        let fifth = try site.read("page/5/index.html")
        let pager = try #require(fifth.between("<ol class=\"pagination__pages\">", "</ol>"))
        #expect(pager.occurrences(of: "<li") == 9) // 1 2 3 4 [5] 6 7 … 10 (a gap of one page shows the page)
        #expect(pager.occurrences(of: "pagination__gap") == 1)
        #expect(pager.contains("<span aria-current=\"page\">5</span>"))
        #expect(pager.contains("href=\"/page/10/\">10</a>"))
        #expect(pager.contains("href=\"/page/2/\""))
        #expect(!pager.contains("href=\"/page/8/\"") && !pager.contains("href=\"/page/9/\""))
    }
}
