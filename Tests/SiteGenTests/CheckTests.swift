import Foundation
import Testing
@testable import SiteGen

@Suite struct CheckTests {
    func check(_ site: TestSite, external: ExternalLinkChecker? = nil) async -> CheckReport {
        await SiteChecker.check(BuildOptions(source: site.root, output: site.output,
                                             content: ContentOptions(now: TestSite.now)), external: external)
    }

    func goodPost(_ site: TestSite, _ name: String, body: String, extra: String = "") throws {
        try site.post(name, title: name, extra: "description: 説明\n" + extra, body: body)
    }

    @Test func brokenInternalLinksImagesAndAnchorsAreErrorsWithLines() async throws {
        let site = try TestSite()
        try site.write("Content/images/ok.png", "png")
        try goodPost(site, "target", body: "## 何が起きたか\n\n本文")
        try goodPost(site, "links", body: """
        [正しいリンク](/posts/target/)

        [存在しない記事](/posts/nope/)

        ![図](/images/missing.png)

        ![図](/images/ok.png)

        [見出しへ](/posts/target/#何が起きたか)

        [ない見出し](/posts/target/#存在しない)

        [このページの中](#nowhere)
        """)
        let report = await check(site)
        let messages = report.errors.map { "\($0.file):\($0.line ?? 0): \($0.message)" }
        #expect(messages.contains("Content/posts/links.md:9: the link `/posts/nope/` points nowhere"))
        #expect(messages.contains("Content/posts/links.md:11: the link `/images/missing.png` points nowhere"))
        #expect(messages.contains { $0.hasPrefix("Content/posts/links.md:17: the link `/posts/target/#存在しない` points to `#存在しない`") })
        #expect(messages.contains { $0.hasPrefix("Content/posts/links.md:19: the link `#nowhere`") })
        #expect(report.errors.count == 4, "\(messages)")
        // Nothing is written to the output folder.
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func linksWorkUnderABasePath() async throws {
        let site = try TestSite(config: TestSite.defaultConfig.replacingOccurrences(of: "https://example.com/", with: "https://example.com/blog/"))
        try goodPost(site, "a", body: "[b](/posts/b/) and [home](/)")
        try goodPost(site, "b", body: "[a](../a/)")
        let report = await check(site)
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    @Test func typosAndMissingFieldsAreWarnings() async throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\ntitel: typo")
        try site.write("Content/posts/typo.md", "---\ntilte: 題名\ndate: 2026-01-01\n---\n![](/x.png)\n")
        try site.write("Content/x.png", "png")
        let report = await check(site)
        #expect(report.errors.isEmpty)
        let w = report.warnings
        #expect(w.contains { $0.file == "Content/posts/typo.md" && $0.line == 2 && $0.message == "unknown front matter key `tilte`" && $0.hint == "did you mean `title`?" })
        #expect(w.contains { $0.file == "Content/posts/typo.md" && $0.message.hasPrefix("no `title`") })
        #expect(w.contains { $0.file == "Content/posts/typo.md" && $0.message.hasPrefix("no `description`") })
        #expect(w.contains { $0.file == "Content/posts/typo.md" && $0.line == 5 && $0.message == "the image `/x.png` has no alt text" })
        #expect(w.contains { $0.file == "Content/site.yml" && $0.message == "unknown setting `titel`" && $0.hint == "did you mean `title`?" })
    }

    @Test func adLabelsAndThePRNotice() async throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\nads:\n  label: \"\"\n  slots:\n    post_top: {}\n")
        try goodPost(site, "pr", body: "本文", extra: "sponsored: true")
        try site.write("Templates/layouts/post.mustache", "{{<base}}{{$main}}{{#post}}<h1>{{title}}</h1>{{{content}}}{{/post}}{{/main}}{{/base}}")
        let report = await check(site)
        #expect(report.warnings.contains { $0.file == "Content/site.yml" && $0.message == "ad slots have no label" })
        #expect(report.warnings.contains { $0.file == "Content/posts/pr.md" && $0.line == 5 && $0.message.contains("never shows the PR notice") })

        let adsense = try TestSite(config: TestSite.defaultConfig + "\nads:\n  provider: adsense\n  client: ca-pub-1\n  label: おすすめ\n  slots:\n    post_top: { slot: \"1\" }\n")
        #expect(await check(adsense).warnings.contains { $0.message.contains("AdSense allows only") })
    }

    @Test func buildErrorsAreReportedAsErrors() async throws {
        let site = try TestSite()
        try site.write("Content/posts/bad.md", "---\ndate: 2017-02-30\n---\n")
        let report = await check(site)
        #expect(report.errors.first?.file == "Content/posts/bad.md")
        #expect(report.errors.first?.line == 2)
    }

    @Test func aliasesThatCollideOrEscapeAreErrorsNamingTheSource() throws {
        let site = try TestSite()
        try site.post("a", title: "A", extra: "aliases: [/posts/b/]")
        try site.post("b", title: "B", date: "2026-01-11")
        try site.post("c", title: "C", date: "2026-01-12", extra: "aliases: [/tags/]")
        try site.post("d", title: "D", date: "2026-01-13", extra: "aliases: [\"../../etc/passwd\"]")
        let errors = site.buildErrors()
        #expect(errors.contains { $0.file == "Content/posts/a.md" && $0.line == 4 && $0.message.contains("/posts/b/") })
        #expect(errors.contains { $0.file == "Content/posts/c.md" && $0.message.contains("sitegen generates itself") })
        #expect(errors.contains { $0.file == "Content/posts/d.md" && $0.message.contains("outside the output folder") })
        #expect(!FileManager.default.fileExists(atPath: site.root.deletingLastPathComponent().appendingPathComponent("etc").path))
    }

    @Test func pagesMayNotTakeGeneratedURLs() throws {
        let site = try TestSite()
        try site.write("Content/pages/tags.md", "---\ntitle: タグ\n---\n本文")
        #expect(site.buildErrors().contains { $0.file == "Content/pages/tags.md" && $0.message.contains("/tags/") })
    }

    @Test func theSampleSiteIsClean() async throws {
        let report = await SiteChecker.check(BuildOptions(source: TestSite.repoRoot, output: TestSite.repoRoot.appendingPathComponent("Public"),
                                                          content: ContentOptions(now: TestSite.now)))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description))")
    }
}

/// External links against a local server only.
extension LiveProcessTests {
@Suite struct ExternalLinkTests {
    @Test func reportsBrokenAndUnreachableLinks() async throws {
        let served = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-served-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        try Data("ok".utf8).write(to: served.appendingPathComponent("ok.html"))
        let server = try LocalHTTPServer(serving: served, readyPath: "/ok.html")
        defer { server.stop(); try? FileManager.default.removeItem(at: served) }
        let port = server.port
        let site = try TestSite()
        var links = ["[ok](http://127.0.0.1:\(port)/ok.html)", "[gone](http://127.0.0.1:\(port)/gone.html)",
                     "[closed](http://127.0.0.1:1/nothing)"]
        links += (0..<10).map { "[more\($0)](http://127.0.0.1:\(port)/ok.html?\($0))" }
        try site.post("ext", title: "外部", extra: "description: 説明", body: links.joined(separator: "\n\n"))
        let report = await SiteChecker.check(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now)),
                                             external: ExternalLinkChecker(concurrency: 3, timeout: 5))
        let messages = report.errors.map(\.message)
        #expect(messages.contains { $0.contains("gone.html answered 404") })
        #expect(messages.contains { $0.contains("127.0.0.1:1/nothing could not be reached") })
        #expect(report.errors.count == 2, "\(messages)")
    }

    @Test func remoteImagesOverTheBudgetAreWarnings() async throws {
        let served = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-served-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 5000).write(to: served.appendingPathComponent("big.jpg"))
        try Data(repeating: 7, count: 500).write(to: served.appendingPathComponent("small.jpg"))
        let server = try LocalHTTPServer(serving: served, readyPath: "/small.jpg")
        defer { server.stop(); try? FileManager.default.removeItem(at: served) }
        let site = try TestSite(config: TestSite.defaultConfig + "\nimages:\n  budget_kb: 4\n")
        try site.post("ext", title: "外部の画像", extra: "description: 説明",
                      body: "![大](http://127.0.0.1:\(server.port)/big.jpg)\n\n![小](http://127.0.0.1:\(server.port)/small.jpg)")
        let report = await SiteChecker.check(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now)),
                                             external: ExternalLinkChecker(concurrency: 2, timeout: 5))
        let over = report.warnings.filter { $0.message.contains("budget") }
        #expect(over.count == 1 && over[0].message.contains("/big.jpg is 5 KB, over the 4 KB budget"), "\(over.map(\.message))")
    }
}
}
