import Foundation
import Testing
@testable import SiteGen

/// Bad input fails the build with an error naming the file and line, and the
/// previous output is left untouched.
@Suite struct ErrorTests {
    @Test func malformedFrontMatterNamesFileAndLine() throws {
        let site = try TestSite()
        try site.write("Content/posts/broken.md", "---\ntitle: ok\ntags: [unclosed\ndate: 2026-01-01\n---\n本文")
        let errors = site.buildErrors()
        let error = try #require(errors.first)
        #expect(error.file == "Content/posts/broken.md")
        #expect(error.line == 3) // where the unclosed `[` opened, not where libyaml noticed
        #expect(error.column == 7)
        #expect(error.description.contains("Content/posts/broken.md:"))
        #expect(error.description.contains("invalid YAML"))
    }

    @Test func unterminatedFrontMatter() throws {
        let site = try TestSite()
        try site.write("Content/posts/open.md", "---\ntitle: 閉じていない\n本文")
        let error = try #require(site.buildErrors().first)
        #expect(error.file == "Content/posts/open.md" && error.line == 1)
        #expect(error.message.contains("never closed"))
    }

    @Test func invalidDateNamesTheKeyAndLine() throws {
        let site = try TestSite()
        try site.write("Content/posts/date.md", "---\ntitle: 日付\ndate: 2017-02-30\n---\n本文")
        let error = try #require(site.buildErrors().first)
        #expect(error.file == "Content/posts/date.md")
        #expect(error.line == 3)
        #expect(error.message.contains("2017-02-30"))
    }

    @Test func unknownLayoutIsAnError() throws {
        let site = try TestSite()
        try site.post("a", title: "A", extra: "layout: fancy")
        let error = try #require(site.buildErrors().first)
        #expect(error.file == "Content/posts/a.md")
        #expect(error.line == 4)
        #expect(error.message.contains("Templates/layouts/fancy.mustache"))
    }

    @Test func missingPartialAndBadTemplateSyntaxAreErrors() throws {
        let site = try TestSite()
        try site.post("a", title: "A")
        try site.write("Templates/partials/footer.mustache", "<footer>\n{{> partials/nope}}\n</footer>")
        try site.write("Templates/layouts/page.mustache", "{{<base}}\n{{$main}}{{#open}}\n{{/main}}\n{{/base}}")
        let errors = site.buildErrors()
        #expect(errors.contains { $0.file == "Templates/partials/footer.mustache" && $0.line == 2 && $0.message.contains("partials/nope") })
        #expect(errors.contains { $0.file == "Templates/layouts/page.mustache" && $0.message.contains("template syntax") })
    }

    @Test func allErrorsAreReportedTogether() throws {
        let site = try TestSite()
        try site.write("Content/posts/one.md", "---\ndate: 2017-02-30\n---\n")
        try site.write("Content/posts/two.md", "---\ntitle: [oops\n---\n")
        try site.write("Content/posts/three.md", "---\ntitle: no date\n---\n")
        #expect(Set(site.buildErrors().map(\.file)) == ["Content/posts/one.md", "Content/posts/two.md", "Content/posts/three.md"])
    }

    @Test func badSiteConfigIsAnError() throws {
        let site = try TestSite(config: "title: x\nlanguage: fr\n")
        let error = try #require(site.buildErrors().first)
        #expect(error.file == "Content/site.yml" && error.line == 2)
        #expect(error.hint?.contains("ja") == true)
    }

    @Test func duplicateURLsAreAnError() throws {
        let site = try TestSite()
        try site.post("2026-01-01-same", title: "A")
        try site.post("2026-01-02-same", title: "B")
        #expect(site.buildErrors().contains { $0.message.contains("/posts/same/") })
    }

    @Test func aFailedBuildLeavesThePreviousOutputUntouched() throws {
        let site = try TestSite()
        try site.post("good", title: "良い記事")
        try site.build()
        let before = site.outputFiles()
        let goodPage = try site.read("posts/good/index.html")
        try site.post("bad", title: "壊れた記事", date: "2026-02-30")
        #expect(!site.buildErrors().isEmpty)
        #expect(site.outputFiles() == before)
        #expect(try site.read("posts/good/index.html") == goodPage)
        // No staging folder is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("sitegen-tmp") || $0.contains("sitegen-old") }
        #expect(leftovers.isEmpty)
    }

    @Test func anInterruptedBuildsLeftoversAreCleanedUp() throws {
        let site = try TestSite()
        try site.post("a", title: "A")
        // What a build killed half-way leaves: a staging folder named after a process that is gone.
        let stale = site.root.appendingPathComponent(".Public.sitegen-tmp-999999")
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("posts"), withIntermediateDirectories: true)
        try site.build()
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(site.exists("posts/a/index.html"))
    }

    @Test func aSuccessfulBuildReplacesStaleFiles() throws {
        let site = try TestSite()
        try site.post("first", title: "一つ目")
        try site.build()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/first.md"))
        try site.post("second", title: "二つ目")
        try site.build()
        #expect(!site.exists("posts/first/index.html"))
        #expect(site.exists("posts/second/index.html"))
    }

    @Test func outputFolderThatHoldsTheSourcesIsRefused() throws {
        let site = try TestSite()
        try site.post("a", title: "A")
        let home = FileManager.default.homeDirectoryForCurrentUser
        for dangerous in [site.root, site.root.appendingPathComponent("Content"), site.root.appendingPathComponent("Templates"),
                          site.root.deletingLastPathComponent(), home, URL(fileURLWithPath: "/")] {
            #expect(throws: SiteError.self) {
                try Builder.build(BuildOptions(source: site.root, output: dangerous))
            }
        }
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Content/posts/a.md").path))
    }

    @Test func nastyButValidInputBuilds() throws {
        let site = try TestSite()
        // BOM and CRLF line endings, emoji and combining characters, an empty body.
        try site.write("Content/posts/crlf.md", "\u{FEFF}---\r\ntitle: \"CRLF 👩‍💻 e\u{301}\"\r\ndate: 2026-01-01\r\ntags: [\"絵文字🎉\"]\r\n---\r\n本文\r\n")
        try site.write("Content/posts/empty.md", "---\ntitle: 空\ndate: 2026-01-02\n---\n")
        try site.build()
        #expect(try site.read("posts/crlf/index.html").contains("CRLF 👩‍💻 e\u{301}"))
        #expect(site.exists("tags/絵文字/index.html"))
        #expect(site.exists("posts/empty/index.html"))
    }
}
