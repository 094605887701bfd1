import Foundation
import Testing
@testable import SiteGen
@testable import SiteServer

/// `sitegen serve` on a fixture site: pages, types, 404s, traversal, live reload,
/// and the error overlay. Each test runs its own server on a free port.
extension LiveProcessTests {
@Suite struct ServeTests {
    /// Starts a server on port 0 and returns it with its port; `stop()` cancels it.
    final class Running: Sendable {
        let server: DevServer
        let task: Task<Void, Error>
        let port: Int
        let output: URL

        init(site: TestSite, adjust: (inout DevServer.Options) -> Void = { _ in }) async throws {
            output = site.root.appendingPathComponent("ServeOutput")
            var options = DevServer.Options(source: site.root, output: output, port: 0, content: ContentOptions())
            adjust(&options)
            server = DevServer(options: options, log: { _ in })
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let server = self.server
            task = Task { try await server.run { port in continuation.yield(port) } }
            var found = 0
            for await port in ports { found = port; break }
            port = found
        }

        func stop() async {
            task.cancel()
            _ = try? await task.value
        }
    }

    /// Runs `body` against a live server and always stops it afterwards.
    func withServer(_ site: TestSite, adjust: (inout DevServer.Options) -> Void = { _ in },
                    _ body: (Running) async throws -> Void) async throws {
        let running = try await Running(site: site, adjust: adjust)
        do {
            try await body(running)
        } catch {
            await running.stop()
            throw error
        }
        await running.stop()
    }

    func site() throws -> TestSite {
        let site = try TestSite()
        try site.post("hello", title: "こんにちは", body: "本文です。")
        try site.write("Content/images/a.png", "PNG")
        return site
    }

    /// A client that never finishes its request head is cut off; a reload stream whose page
    /// has gone is dropped within a heartbeat, while an open one outlives the header timeout.
    @Test func slowClientsAndGoneReloadStreamsAreLetGo() async throws {
        let site = try site()
        try await withServer(site, adjust: { $0.headerTimeoutSeconds = 2; $0.heartbeat = .milliseconds(300) }) { running in
        let slow = try RawHTTP(port: running.port)
        _ = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:".withCString { Glibc.send(slow.fd, $0, strlen($0), 0) }
        let started = ContinuousClock.now
        let answer = slow.readAll() // returns when the server closes the connection
        #expect(answer.isEmpty && ContinuousClock.now - started < .seconds(6), "the slow client was held \(ContinuousClock.now - started)")
        let stream = try RawHTTP(port: running.port)
        stream.send(LiveReload.eventsPath)
        #expect(stream.read(until: ": connected", timeout: .seconds(5)).contains(": connected"))
        try await Task.sleep(for: .milliseconds(2500)) // past the header timeout: still open, still beating
        #expect(stream.read(until: ": ping", timeout: .seconds(2)).contains(": ping"))
        #expect(await running.server.hub.subscriberCount == 1)
        shutdown(stream.fd, Int32(SHUT_RDWR)) // the page is closed
        let deadline = ContinuousClock.now + .seconds(5)
        while await running.server.hub.subscriberCount > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(await running.server.hub.subscriberCount == 0, "a closed reload stream lingers")
        }
    }

    @Test func pagesAssetsAnd404s() async throws {
        let site = try site()
        try await withServer(site) { running in
        let port = running.port
        #expect(port > 0)

        let home = try RawHTTP.get(port: port, "/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains("こんにちは"))
        #expect(home.body.contains("new EventSource(\"/__sitegen/events\")"))
        // The script is added when serving; the file on disk stays clean.
        #expect(try !String(contentsOf: running.output.appendingPathComponent("index.html"), encoding: .utf8).contains("EventSource"))

        #expect(try RawHTTP.get(port: port, "/posts/hello/").status == 200)
        let css = try RawHTTP.get(port: port, "/assets/style.css")
        #expect(css.status == 200 && css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(try RawHTTP.get(port: port, "/images/a.png").headers["content-type"] == "image/png")
        #expect(try RawHTTP.get(port: port, "/feed.xml").headers["content-type"] == "application/xml; charset=utf-8")
        #expect(try RawHTTP.get(port: port, "/contact-not-here.json").status == 404)

        let missing = try RawHTTP.get(port: port, "/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("ページが見つかりません"))
        let folder = try RawHTTP.get(port: port, "/posts/hello")
        #expect(folder.status == 301 && folder.headers["location"] == "/posts/hello/")
        }
    }

    @Test func pathTraversalIsRefused() async throws {
        let site = try site()
        // A symlink in the output that points out of it must not be served either.
        try await withServer(site) { running in
        try FileManager.default.createSymbolicLink(at: running.output.appendingPathComponent("leak"),
                                                   withDestinationURL: URL(fileURLWithPath: "/etc"))
        for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/posts/..%2f..%2f..%2fetc/passwd",
                     "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/leak/passwd", "/images/%00.png", "//etc/passwd"] {
            let response = try RawHTTP.get(port: running.port, path)
            #expect(response.status == 403 || response.status == 404, "\(path): \(response.status)")
            #expect(!response.body.contains("root:"), "\(path)")
        }
        }
    }

    @Test func savingAFileSendsAReloadEvent() async throws {
        let site = try site()
        try await withServer(site) { running in
        let events = try RawHTTP(port: running.port)
        events.send(LiveReload.eventsPath)
        #expect(events.read(until: ": connected", timeout: .seconds(5)).contains("text/event-stream"))
        let started = ContinuousClock.now
        try site.post("hello", title: "こんにちは（更新）", body: "書き直しました。")
        let received = events.read(until: "event: reload", timeout: .seconds(5))
        #expect(received.contains("event: reload"))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try RawHTTP.get(port: running.port, "/posts/hello/").body.contains("書き直しました。"))

        // A stylesheet-only change swaps the CSS without a reload.
        try site.write("Templates/assets/style.css", "body { color: red; }\n")
        #expect(events.read(until: "event: css", timeout: .seconds(5)).contains("event: css"))
        }
    }

    @Test func aBrokenFileShowsTheOverlayAndFixingItClearsIt() async throws {
        let site = try site()
        try await withServer(site) { running in
        let events = try RawHTTP(port: running.port)
        events.send(LiveReload.eventsPath)
        _ = events.read(until: ": connected", timeout: .seconds(5))

        try site.write("Content/posts/hello.md", "---\ntitle: [壊れた\n---\n")
        #expect(events.read(until: "event: error-overlay", timeout: .seconds(5)).contains("error-overlay"))
        let broken = try RawHTTP.get(port: running.port, "/posts/hello/")
        #expect(broken.status == 200)
        #expect(broken.body.contains("id=\"sitegen-error-overlay\""))
        #expect(broken.body.contains("最後のビルドに失敗しました（エラー1件）")) // in the site's language
        #expect(broken.body.contains("Content/posts/hello.md:2"))
        #expect(broken.body.contains("本文です。")) // the last good build is still served

        try site.post("hello", title: "直りました", body: "本文です。")
        #expect(events.read(until: "event: reload", timeout: .seconds(5)).contains("event: reload"))
        let fixed = try RawHTTP.get(port: running.port, "/posts/hello/")
        #expect(!fixed.body.contains("sitegen-error-overlay"))
        #expect(fixed.body.contains("直りました"))
        }
    }

    @Test func staticFileResolution() throws {
        let site = try TestSite()
        try site.post("a", title: "A")
        try site.build()
        let files = StaticFiles(root: site.output.path, basePath: "/blog/")
        #expect(files.resolve("/blog/posts/a/") == .file(files.root + "/posts/a/index.html"))
        #expect(files.resolve("/blog") == .redirect("/blog/"))
        #expect(files.resolve("/elsewhere/") == .notFound)
        #expect(files.resolve("/blog/%2e%2e/x") == .forbidden)
        #expect(files.resolve("/blog/posts/a/index.html?x=1") == .file(files.root + "/posts/a/index.html"))
    }
}
}

@Suite struct ScaffoldTests {
    @Test func newPostHasFrontMatterAndADateSlugForJapaneseTitles() throws {
        let site = try TestSite()
        let now = try #require(DateParser(timeZone: TimeZone(identifier: "UTC")!).parse("2026-11-29T06:30:00Z"))
        let url = try NewContent.post(root: site.root, title: "納期の話", slug: nil, tags: ["納期", "仮払い"], now: now)
        #expect(url.lastPathComponent == "2026-11-29-20261129-153000.md") // 15:30 in Asia/Tokyo
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("title: \"納期の話\"\ndate: 2026-11-29T15:30:00+09:00\ndraft: true\ntags: [\"納期\", \"仮払い\"]"))
        let english = try NewContent.post(root: site.root, title: "My First Client!", slug: nil, tags: [], now: now)
        #expect(english.lastPathComponent == "2026-11-29-my-first-client.md")
        let explicit = try NewContent.post(root: site.root, title: "初めての案件", slug: "first-job", tags: [], now: now)
        #expect(explicit.lastPathComponent == "2026-11-29-first-job.md")
        // It refuses to overwrite.
        #expect(throws: SiteError.self) { try NewContent.post(root: site.root, title: "納期の話", slug: nil, tags: [], now: now) }
        // And build accepts what it wrote (with --drafts; dated after the fixture's "now", so --future too).
        try site.build(drafts: true, future: true)
        #expect(site.exists("posts/20261129-153000/index.html"))
        #expect(site.exists("posts/first-job/index.html"))
    }

    @Test func newPage() throws {
        let site = try TestSite()
        _ = try NewContent.page(root: site.root, name: "about")
        #expect(throws: SiteError.self) { try NewContent.page(root: site.root, name: "about") }
        try site.build()
        #expect(site.exists("about/index.html"))
    }

    @Test func initWritesASiteThatBuildsAndChecksClean() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try SiteSkeleton.write(to: folder, force: false)
        #expect(written.contains("Content/site.yml"))
        #expect(written.contains("Content/services.yml"))
        #expect(written.contains("Templates/layouts/base.mustache"))
        let report = try Builder.build(BuildOptions(source: folder, output: folder.appendingPathComponent("Public")))
        #expect(report.posts == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Public/services/index.html").path))
        let check = await SiteChecker.check(BuildOptions(source: folder, output: folder.appendingPathComponent("Public")))
        #expect(check.errors.isEmpty, "\(check.errors)")
        // A folder that is not empty is refused without --force; --force adds and never overwrites.
        #expect(throws: SiteError.self) { try SiteSkeleton.write(to: folder, force: false) }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("Content/pages/about.md"))
        _ = try SiteSkeleton.write(to: folder, force: true)
        #expect(try String(contentsOf: folder.appendingPathComponent("Content/pages/about.md"), encoding: .utf8) == "mine")
    }
}
