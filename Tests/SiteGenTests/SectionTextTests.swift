import Foundation
import Testing
@testable import SiteGen

/// Hugo's `_index.md`: the home page's, the archive's and a tag's text shown above their
/// lists (on the first page only), a text for a tag no post has named as a warning, and an
/// edit to one shown by the next build.
@Suite struct SectionTextTests {
    @Test func sectionTextsAreShownAboveTheirLists() throws {
        let site = try TestSite()
        for n in 1...4 { try site.post("p\(n)", title: "記事\(n)", date: "2026-01-0\(n)", extra: "tags: [納期]") }
        try site.write("Content/_index.md", "---\ntitle: ホーム\n---\n依頼は**仮払い**のあとで。\n")
        try site.write("Content/posts/_index.md", "すべての記事です。\n")
        try site.write("Content/tags/納期/_index.md", "納期についての記事。\n")
        try site.write("Content/tags/unused/_index.md", "誰も使わないタグ。\n")
        let report = try site.build()
        #expect(try site.read("index.html").contains("<div class=\"list-intro prose\"><p>依頼は<strong>仮払い</strong>のあとで。</p>"))
        #expect(!(try site.read("page/2/index.html")).contains("list-intro"))
        #expect(try site.read("archives/index.html").contains("<p>すべての記事です。</p>"))
        #expect(!(try site.read("archives/2026/index.html")).contains("すべての記事です。"))
        #expect(try site.read("tags/納期/index.html").contains("<p>納期についての記事。</p>"))
        #expect(!site.exists("tags/納期/_index.md") && !site.exists("_index.md"))
        #expect(report.warnings.map { "\($0.file): \($0.message)" } == ["Content/tags/unused/_index.md: is the text of /tags/unused/, which no post makes: it is not shown"],
                "\(report.warnings)")
        // An edit shows in the next build, as a clean build would have it.
        try site.write("Content/tags/納期/_index.md", "締め切りの記事。\n")
        try site.build()
        #expect(try site.read("tags/納期/index.html").contains("<p>締め切りの記事。</p>"))
    }
}
