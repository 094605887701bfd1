import Foundation
import Testing
@testable import SiteGen

/// Incremental builds (`.sitegen-cache/`): after every kind of edit, the output folder
/// an incremental build leaves must equal, file for file and byte for byte, what a
/// clean build of the same sources writes; and files whose bytes did not change are
/// not touched.
@Suite struct IncrementalBuildTests {
    /// A site with tags, categories, pagination (3 per page), an alias, a page, an
    /// image, services and a contact page.
    func fixture() throws -> TestSite {
        let site = try FreelanceFixture.site(extraConfig: FreelanceFixture.contactMailto + "\nads:\n  provider: placeholder\n  slots:\n    post_top: { height: 100 }\n    list: { every: 2 }")
        for n in 1...8 {
            let tags = ["納期", "仮払い", "escrow", "翻訳"].enumerated().filter { n % ($0.offset + 2) == 0 }.map(\.element)
            try site.post("post-\(n)", title: "記事その\(n)", date: String(format: "2026-03-%02d", n),
                          extra: "tags: [\(tags.joined(separator: ", "))]\ncategories: [仕事の記録]" + (n == 3 ? "\naliases: [/entry/old-3]" : ""),
                          body: "## 見出し\n\n本文\(n)です。クラウドソーシングの話。\n\n- 一つ目\n- 二つ目\n")
        }
        try site.write("Content/pages/about.md", "---\ntitle: 自己紹介\n---\nこんにちは。")
        try site.write("Content/images/a.png", "PNG")
        return site
    }

    /// Every file with its bytes, and every folder (as `path/`, so a folder left empty differs).
    func snapshot(_ folder: URL) throws -> [String: Data] {
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [String: Data] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: base) ?? FileManager.default.enumerator(atPath: "/nonexistent")! {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                files[relative + "/"] = Data()
            } else {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: base + "/" + relative))
            }
        }
        return files
    }

    func options(_ site: TestSite, output: URL, clean: Bool) -> BuildOptions {
        BuildOptions(source: site.root, output: output, content: ContentOptions(now: TestSite.now), clean: clean)
    }

    /// Builds incrementally into the site's Public/ and cleanly into a fresh folder, and
    /// compares the two.
    @discardableResult
    func expectSameAsClean(_ site: TestSite, _ what: String, warm: WarmCaches? = nil) throws -> BuildReport {
        let report = try Builder.build(options(site, output: site.output, clean: false), warm: warm)
        #expect(report.incremental, "\(what): the build should have been incremental")
        let cleanOutput = site.root.appendingPathComponent("clean-\(UUID().uuidString)/Public")
        try Builder.build(options(site, output: cleanOutput, clean: true))
        let incremental = try snapshot(site.output)
        let clean = try snapshot(cleanOutput)
        #expect(Set(incremental.keys) == Set(clean.keys), "\(what): files differ: \(Set(incremental.keys).symmetricDifference(clean.keys).sorted())")
        let different = clean.keys.filter { incremental[$0] != nil && incremental[$0] != clean[$0] }.sorted()
        #expect(different.isEmpty, "\(what): bytes differ in \(different)")
        return report
    }

    func modified(_ site: TestSite, _ relative: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent(relative).path)[.modificationDate] as? Date)
    }

    /// Run twice: as `sitegen build` runs (each build reads the caches from disk), and as
    /// `sitegen serve` does (the caches' values kept in memory from one build to the next).
    @Test(arguments: [false, true]) func everyKindOfEditGivesWhatACleanBuildGives(inOneProcess: Bool) throws {
        let warm = inOneProcess ? WarmCaches() : nil
        @discardableResult func expectSameAsClean(_ site: TestSite, _ what: String) throws -> BuildReport {
            try self.expectSameAsClean(site, what, warm: warm)
        }
        let site = try fixture()
        let first = try Builder.build(options(site, output: site.output, clean: false), warm: warm)
        #expect(!first.incremental)
        let pages = first.pagesWritten

        // Nothing changed: nothing is rendered again or written.
        let noOp = try expectSameAsClean(site, "no change")
        #expect(noOp.upToDate && noOp.filesChanged == 0 && noOp.filesDeleted == 0)
        #expect(noOp.pagesWritten == pages)

        // A post's body: its page, the lists showing its summary, feeds and search change; not everything.
        try site.post("post-5", title: "記事その5", date: "2026-03-05", extra: "tags: []\ncategories: [仕事の記録]",
                      body: "## 見出し\n\n書き直した本文です。")
        let body = try expectSameAsClean(site, "post body")
        #expect(body.filesChanged > 0 && body.filesChanged < pages / 2, "changed \(body.filesChanged) of \(pages)")
        #expect(body.bodiesRendered == 1) // the other bodies came from the Markdown cache
        #expect(body.documentsRead == 1) // the other files were neither read nor parsed again
        // In one process, what the last build used comes from memory, not from the cache files.
        #expect(inOneProcess ? body.cacheRecordsRead == 0 : body.cacheRecordsRead > 0, "\(body.cacheRecordsRead) records read")
        // The body alone, the front matter as it was: the search files must notice too.
        try site.post("post-6", title: "記事その6", date: "2026-03-06", extra: "tags: [納期, 仮払い]\ncategories: [仕事の記録]",
                      body: "## 見出し\n\n本文だけ変えました。エスクローの話。")
        try expectSameAsClean(site, "post body only")
        // The same files made, some with new bytes: what the build recorded of the output (its
        // folders' stamps, taken again only where it moved files) is true, and the next build finds nothing to do.
        #expect(try Builder.build(options(site, output: site.output, clean: false), warm: warm).upToDate)

        try site.post("post-2", title: "改題した記事", date: "2026-03-02", extra: "tags: [納期]\ncategories: [仕事の記録]", body: "本文2です。")
        try expectSameAsClean(site, "title")
        try site.post("post-2", title: "改題した記事", date: "2026-03-02", extra: "tags: [新しいタグ, escrow]\ncategories: [お金のこと]", body: "本文2です。")
        try expectSameAsClean(site, "tags and categories")
        #expect(site.exists("tags/新しいタグ/index.html"))
        try site.post("post-2", title: "改題した記事", date: "2026-03-20", extra: "tags: [新しいタグ, escrow]", body: "本文2です。")
        try expectSameAsClean(site, "date (the post moves to the top of every list)")
        try site.post("post-4", title: "記事その4", date: "2026-03-04", extra: "draft: true")
        try expectSameAsClean(site, "draft flag")
        #expect(!site.exists("2026/03/04/post-4/index.html") && !site.exists("post-4/index.html"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/post-3.md"))
        let deleted = try expectSameAsClean(site, "deleted post")
        #expect(deleted.filesDeleted > 0)
        #expect(!site.outputFiles().contains { $0.contains("post-3") || $0.hasPrefix("entry/old-3") })
        try site.post("post-9", title: "新しい記事", date: "2026-03-09", extra: "tags: [仮払い]")
        try expectSameAsClean(site, "new post")

        // The theme, the site settings and the services data.
        let card = site.root.appendingPathComponent("Templates/partials/post-card.mustache")
        try (try String(contentsOf: card, encoding: .utf8)).replacingOccurrences(of: "class=\"card\"", with: "class=\"card card--v2\"")
            .write(to: card, atomically: true, encoding: .utf8)
        try expectSameAsClean(site, "template")
        #expect(try site.read("index.html").contains("card--v2"))
        try site.write("Content/site.yml", TestSite.defaultConfig.replacingOccurrences(of: "テストのブログ", with: "改名したブログ")
            + FreelanceFixture.contactMailto)
        try expectSameAsClean(site, "site.yml")
        #expect(try site.read("index.html").contains("改名したブログ"))
        // A new host: only absolute URLs change (canonical links, structured data, feeds).
        try site.write("Content/site.yml", TestSite.defaultConfig.replacingOccurrences(of: "テストのブログ", with: "改名したブログ")
            .replacingOccurrences(of: "https://example.com/", with: "https://blog.example.net/") + FreelanceFixture.contactMailto)
        try expectSameAsClean(site, "base_url")
        #expect(try site.read("posts/post-1/index.html").contains("https://blog.example.net/posts/post-1/"))
        try site.write("Content/services.yml", FreelanceFixture.services.replacingOccurrences(of: "記事作成", with: "記事の執筆"))
        try expectSameAsClean(site, "services.yml")
        #expect(try site.read("services/index.html").contains("記事の執筆"))

        // Static files: changed, removed.
        try site.write("Content/images/a.png", "PNG2")
        try expectSameAsClean(site, "changed image")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/images/a.png"))
        try expectSameAsClean(site, "removed image")
        #expect(!site.exists("images/a.png"))
    }

    /// Two parts of a build writing one file is an error, whether the file is written anew
    /// or kept from the last build, never a silent overwrite.
    @Test func aFileClaimedTwiceIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-claims-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("Public"), source = folder.appendingPathComponent("site")
        let first = try OutputFolder(destination: destination, source: source)
        try first.write("a/index.html", "一回目", key: 7)
        #expect(throws: SiteError.self) { try first.write("a/index.html", "二回目") }
        try first.commit()
        let again = try OutputFolder(destination: destination, source: source, previous: first.manifest, io: .disk)
        #expect(try again.reuse("a/index.html", key: 7))
        #expect(throws: SiteError.self) { try again.reuse("a/index.html", key: 7) }
        #expect(throws: SiteError.self) { try again.write("a/index.html", "三回目") }
        again.discard()
    }

    /// A post held back for its future date comes out on the first build after that date,
    /// although no file changed.
    @Test func aFuturePostComesOutWhenItsDayComes() throws {
        let site = try fixture()
        try site.post("later", title: "予約投稿", date: "2026-12-24")
        try Builder.build(options(site, output: site.output, clean: false))
        #expect(!site.outputFiles().contains { $0.contains("later") })
        #expect(try Builder.build(options(site, output: site.output, clean: false)).upToDate)
        var christmas = options(site, output: site.output, clean: false)
        christmas.content.now = DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!).parse("2026-12-25")!
        let report = try Builder.build(christmas)
        #expect(!report.upToDate)
        #expect(site.outputFiles().contains { $0.contains("later") })
    }

    /// The Markdown cache's records read back exactly; a torn record is refused, never half-read.
    @Test func cachedBodiesReadBackExactly() throws {
        let content = RenderedContent(html: "<h2 id=\"見出し\">見出し</h2>\n<p>本文です。</p>", text: "見出し 本文です。", summary: "",
                                      readingTime: ReadingTime(cjkCharacters: 8, words: 0),
                                      headings: [Heading(level: 2, text: "見出し", id: "見出し")], language: .ja)
        let record = content.cached
        let back = try #require(RenderedContent(cached: record))
        #expect(back.html == content.html && back.text == content.text && back.summary == content.summary)
        #expect(back.readingTime == content.readingTime && back.headings == content.headings && back.language == .ja)
        // Inside a larger buffer (as in the pack), and cut short.
        let packed = Data("xxxx".utf8) + record
        #expect(RenderedContent(cached: packed[4...])?.html == content.html)
        #expect(RenderedContent(cached: record.prefix(record.count - 3)) == nil)
    }

    /// A pack's records are found through its index file, and only while the pack is the
    /// file the index was written for: a pack changed behind its back is read record by record.
    @Test func packIndexIsTrustedOnlyForItsOwnPack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("test.pack")
        func pack() -> RecordPack<String> {
            RecordPack(file: file, header: "test-pack 1", encode: { Data($0.utf8) }, decode: { String(decoding: $0.head, as: UTF8.self) })
        }
        let first = pack()
        for n in 0..<50 { _ = first.value(for: UInt64(n + 1)) { "value \(n)" } }
        first.save()
        #expect(FileManager.default.fileExists(atPath: file.path + ".index"))
        // Appended to: the index must cover old and new records alike.
        let second = pack()
        #expect(second.stored(7) == "value 6")
        _ = second.value(for: 100) { "new" }
        for n in 0..<50 { _ = second.value(for: UInt64(n + 1)) { "made again \(n)" } }
        second.save()
        let third = pack()
        #expect(third.stored(100) == "new" && third.stored(50) == "value 49" && third.stored(1) == "value 0")
        // The pack replaced by another one (records elsewhere, other values): the stale index
        // is refused and the records are read from the pack itself.
        let other = folder.appendingPathComponent("other.pack")
        let otherPack = RecordPack<String>(file: other, header: "test-pack 1", encode: { Data($0.utf8) },
                                           decode: { String(decoding: $0.head, as: UTF8.self) })
        for n in (0..<50).reversed() { _ = otherPack.value(for: UInt64(n + 1)) { "other value \(n)" } }
        otherPack.save()
        try FileManager.default.removeItem(at: file)
        try FileManager.default.copyItem(at: other, to: file)
        let fourth = pack()
        #expect(fourth.stored(100) == nil)
        #expect((1...50).allSatisfy { fourth.stored(UInt64($0)) == "other value \($0 - 1)" })
    }

    /// A pack that spills hands back values read from its scratch file (large fields read
    /// when used, and again each time: not kept), leaves no file behind it in the cache
    /// folder but the pack, and saves what it made as any pack does.
    @Test func spilledBodiesReadBackFromTheScratchFileAndAreSaved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("markdown.pack")
        let cache = MarkdownCache(file: file, readsStored: false)
        let renderer = MarkdownRenderer(allowRawHTML: false)
        let body = "## 見出し\n\n" + String(repeating: "長い本文の段落です。", count: 300)
        let frontMatter = try FrontMatter.read(text: "title: 長い記事", file: "a.md", dates: DateParser(timeZone: TimeZone(identifier: "UTC")!))
        let source = ContentFile(source: "Content/posts/a.md", frontMatter: frontMatter, markdown: body, bodyLine: 1)
        let fresh = RenderedContent(source, renderer: renderer, siteLanguage: .ja)
        let spilled = cache.rendered(source, renderer: renderer, siteLanguage: .ja)
        #expect(spilled.html == fresh.html && spilled.text == fresh.text && spilled.summary == fresh.summary)
        #expect(spilled.html.contains("長い本文の段落です。") && spilled.headings == fresh.headings)
        #expect(spilled.htmlText.isStored && spilled.plainText.isStored)
        #expect(spilled.html == fresh.html) // read again: the same bytes
        try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty) // the scratch file has no name
        cache.save()
        let next = MarkdownCache(file: file)
        let read = next.rendered(source, renderer: renderer, siteLanguage: .ja)
        #expect(next.renderedCount == 0 && read.html == fresh.html && read.text == fresh.text)
        // Without `headBytes` (search tokens): the build gets the value as made, the pack's copy waits in the scratch file.
        let small = folder.appendingPathComponent("small.pack")
        func pack() -> RecordPack<String> {
            RecordPack(file: small, header: "test-pack 1", spills: true, encode: { Data($0.utf8) }, decode: { String(decoding: $0.head, as: UTF8.self) })
        }
        let first = pack()
        #expect(first.value(for: 1) { "一つ目" } == "一つ目" && first.value(for: 2) { "二つ目" } == "二つ目")
        first.save()
        let second = pack()
        #expect(second.stored(1) == "一つ目" && second.stored(2) == "二つ目" && second.madeCount == 0)
    }

    /// A content file read back from the document cache is the file as parsed: every
    /// front matter field, the body, and the YAML (parsed again on demand) with its lines.
    /// A build reads Content/site.yml once, clean or incremental (through the `FileIO` seam).
    @Test func aBuildReadsSiteYMLOnce() throws {
        let site = try fixture()
        for clean in [true, false] {
            try site.post("post-1", title: "記事その1", date: "2026-03-01", body: clean ? "最初。" : "書き直し。")
            let reads = Counter()
            var io = FileIO.disk
            io.read = { path in
                if path.hasSuffix("/Content/site.yml") { reads.add() }
                return try FileIO.disk.read(path)
            }
            let report = try Builder.build(options(site, output: site.output, clean: clean), io: io)
            #expect(report.incremental == !clean && reads.count == 1, "clean: \(clean), read \(reads.count) times")
        }
    }

    /// What `sitegen serve` keeps between builds holds no body's HTML or text: bodies rendered
    /// by a build are handed on as read back from the pack, and stored text read by a build is not kept.
    @Test func serveKeepsNoBodyTextBetweenBuilds() throws {
        let site = try fixture()
        let warm = WarmCaches()
        let pack = BuildCache(output: site.output).markdownPack
        func keptBodies() throws -> [RenderedContent] {
            let values: [UInt64: RenderedContent] = try #require(warm.values(for: pack))
            return Array(values.values)
        }
        let first = try Builder.build(options(site, output: site.output, clean: false), warm: warm)
        #expect(first.bodiesRendered == 9)
        let rendered = try keptBodies()
        #expect(rendered.count == 9 && rendered.allSatisfy { $0.htmlText.isStored && $0.plainText.isStored })
        #expect(rendered.contains { $0.html.contains("本文1です。") }) // read from the pack, as written
        // A changed template: every page is made again, from bodies read from memory and the pack.
        let layout = site.root.appendingPathComponent("Templates/layouts/post.mustache")
        try (try String(contentsOf: layout, encoding: .utf8) + "\n<!-- v2 -->").write(to: layout, atomically: true, encoding: .utf8)
        let second = try Builder.build(options(site, output: site.output, clean: false), warm: warm)
        let page = try #require(site.outputFiles().first { $0.hasSuffix("post-1/index.html") })
        #expect(second.bodiesRendered == 0 && second.filesChanged >= 8) // every post page
        #expect(try site.read(page).contains("本文1です。") && site.read(page).contains("<!-- v2 -->"))
        #expect(try keptBodies().allSatisfy { $0.htmlText.isStored && $0.plainText.isStored })
    }

    @Test func cachedDocumentsReadBackExactly() throws {
        let site = try TestSite()
        try site.write("Content/posts/a.md", """
            ---
            title: "題名: 引用"
            date: 2017-09-18T20:45:21+05:30
            lastmod: 2017-10-01
            slug: first
            tags: [納期, escrow]
            categories: 仕事
            description: 説明
            image: /images/a.png
            aliases: [/old/a]
            layout: post
            lang: en
            ads: false
            commissions: false
            sponsored: true
            html: true
            custom: 1
            ---
            本文です。

            """)
        let loader = SiteLoader(root: site.root.path, options: ContentOptions(now: TestSite.now))
        let dates = DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        let file = try loader.parseContent("Content/posts/a.md", dates: dates)
        let back = try #require(ContentFile.cached(file.cached))
        let (a, b) = (file.frontMatter, back.frontMatter)
        #expect(back.source == file.source && back.markdown == file.markdown && back.bodyLine == file.bodyLine && back.textHash == file.textHash)
        #expect(a.title == b.title && a.date == b.date && a.lastmod == b.lastmod && a.draft == b.draft && a.slug == b.slug)
        #expect(a.tags == b.tags && a.categories == b.categories && a.description == b.description && a.image == b.image)
        #expect(a.aliases == b.aliases && a.layout == b.layout && a.lang == b.lang)
        #expect(b.adsOff && b.commissionsOff && b.sponsored && b.allowsHTML)
        #expect(b.raw.keys.sorted() == a.raw.keys.sorted())
        #expect(a.raw.line(of: "custom") == 17)
        #expect(b.raw.line(of: "custom") == 17)
        #expect(ContentFile.cached(file.cached.prefix(file.cached.count - 1)) == nil)
    }

    @Test func unchangedFilesAreNotRewritten() throws {
        let site = try fixture()
        try Builder.build(options(site, output: site.output, clean: false))
        let before = try modified(site, "about/index.html")
        let feedBefore = try modified(site, "feed.xml")
        Thread.sleep(forTimeInterval: 0.05)
        try site.post("post-1", title: "記事その1", date: "2026-03-01", extra: "", body: "別の本文。")
        let report = try Builder.build(options(site, output: site.output, clean: false))
        #expect(report.filesChanged > 0)
        #expect(try modified(site, "about/index.html") == before) // untouched: its bytes are the same
        #expect(try modified(site, "feed.xml") != feedBefore) // the feed shows the new body
    }

    /// The archive lists titles, links and dates: a new body (another summary and reading
    /// time, so other cards) leaves its key as it was, and it is not made again; a new title does not.
    @Test func theArchiveIsMadeAgainOnlyWhenWhatItListsChanges() throws {
        let site = try fixture()
        try Builder.build(options(site, output: site.output, clean: false))
        let cache = BuildCache(output: site.output)
        let archive = ["archives/index.html", "archives/2026/index.html", "archives/2026/03/index.html"]
        func keys() throws -> [String: UInt64] { try #require(cache.loadManifest()).entries.mapValues(\.key) }
        let before = try keys()
        #expect(archive.allSatisfy { before[$0] != nil }, "\(before.keys.sorted())")
        try site.post("post-5", title: "記事その5", date: "2026-03-05", extra: "tags: [翻訳]\ncategories: [仕事の記録]",
                      body: String(repeating: "本文を書き直しました。長くなったので読む時間も変わります。", count: 60))
        try expectSameAsClean(site, "a new body")
        let afterBody = try keys()
        #expect(archive.allSatisfy { afterBody[$0] == before[$0] }, "the archive pages keep their keys")
        let changed = afterBody.keys.filter { afterBody[$0] != before[$0] }
        #expect(changed.contains { $0.hasSuffix("post-5/index.html") } && changed.count > 1, "the post and the lists showing its card: \(changed.sorted())")
        try site.post("post-5", title: "記事その5 改題", date: "2026-03-05", extra: "tags: [翻訳]\ncategories: [仕事の記録]", body: "短い本文。")
        try expectSameAsClean(site, "a new title")
        let afterTitle = try keys()
        #expect(archive.allSatisfy { afterTitle[$0] != afterBody[$0] }, "the archive pages list the new title")
    }

    @Test func filesChangedOrDeletedInTheOutputAreMadeAgain() throws {
        let site = try fixture()
        try Builder.build(options(site, output: site.output, clean: false))
        let about = site.output.appendingPathComponent("about/index.html")
        let original = try Data(contentsOf: about)
        try Data("edited by hand".utf8).write(to: about)
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("feed.xml"))
        try Data("stray".utf8).write(to: site.output.appendingPathComponent("stray.txt"))
        // A folder of its own deep in the output, and a file beside a page's.
        let strayFolder = site.output.appendingPathComponent("tags/stray/deeper")
        try FileManager.default.createDirectory(at: strayFolder, withIntermediateDirectories: true)
        try Data("stray".utf8).write(to: strayFolder.appendingPathComponent("index.html"))
        try Data("stray".utf8).write(to: site.output.appendingPathComponent("posts/post-2/extra.html"))
        try expectSameAsClean(site, "output edited by hand")
        #expect(try Data(contentsOf: about) == original)
        // Nothing changed in the sources: the build that would do nothing must still notice
        // a file added deep in the output, and one grown in place.
        try Data("stray".utf8).write(to: site.output.appendingPathComponent("posts/post-1/stray.html"))
        #expect(try !Builder.build(options(site, output: site.output, clean: false)).upToDate)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("posts/post-1/stray.html").path))
        let handle = try FileHandle(forWritingTo: about)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(" ".utf8))
        try handle.close()
        #expect(try !Builder.build(options(site, output: site.output, clean: false)).upToDate)
        #expect(try Data(contentsOf: about) == original)
        #expect(try Builder.build(options(site, output: site.output, clean: false)).upToDate)
    }

    @Test func cleanIgnoresTheCacheAndAFailedBuildKeepsIt() throws {
        let site = try fixture()
        try Builder.build(options(site, output: site.output, clean: false))
        #expect(!(try Builder.build(options(site, output: site.output, clean: true))).incremental)
        // A failing build leaves the output and the cache as they were: the next build is incremental again.
        try site.write("Content/posts/broken.md", "---\ntitle: [unclosed\n---\n")
        #expect(throws: BuildFailure.self) { try Builder.build(options(site, output: site.output, clean: false)) }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/broken.md"))
        #expect(try Builder.build(options(site, output: site.output, clean: false)).filesChanged == 0)
    }

    /// `--clean` over an existing output renders everything (no page and no body from the
    /// cache) but compares with the files there: unchanged files are left alone, a file
    /// edited by hand (same size) is made again, a stray file goes, and the result equals
    /// a build into an empty folder.
    @Test func cleanOverAnOldOutputComparesWithTheDisk() throws {
        let site = try fixture()
        try Builder.build(options(site, output: site.output, clean: false))
        let untouched = try modified(site, "about/index.html")
        let feed = site.output.appendingPathComponent("feed.xml")
        let original = try Data(contentsOf: feed)
        try Data(repeating: UInt8(ascii: "x"), count: original.count).write(to: feed)
        try Data("stray".utf8).write(to: site.output.appendingPathComponent("posts/stray.html"))
        // Stray folders: one deep, and one of many folders (pruned on every core); both must go.
        for folder in ["stray/deeper"] + (0..<70).map({ "bulk/\($0)/inner" }) {
            let url = site.output.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data("stray".utf8).write(to: url.appendingPathComponent("index.html"))
        }
        Thread.sleep(forTimeInterval: 0.05)
        let report = try Builder.build(options(site, output: site.output, clean: true))
        #expect(!report.incremental)
        #expect(report.bodiesRendered == 8 + 1) // every post and the page
        #expect(try modified(site, "about/index.html") == untouched)
        #expect(try Data(contentsOf: feed) == original)
        let fresh = site.root.appendingPathComponent("fresh-\(UUID().uuidString)/Public")
        try Builder.build(options(site, output: fresh, clean: true))
        #expect(try snapshot(site.output) == (try snapshot(fresh)))
    }
}

@Suite struct OutputManifestTests {
    /// The manifest writes its numbers itself: they read back as written, digits as `String(_:radix:)` spells them.
    @Test func numbersAndPathsReadBackAsWritten() throws {
        var manifest = OutputManifest()
        var random = SeededRandom(seed: 3)
        for i in 0..<500 {
            let key = i == 0 ? 0 : i == 1 ? UInt64.max : random.next() >> (random.next() % 64)
            manifest.entries["posts/記事-\(i)/index.html"] = .init(key: key, hash: random.next(), size: Int(random.next() % 1_000_000))
        }
        let parsed = try #require(OutputManifest.parse(manifest.serialized()))
        #expect(parsed.entries == manifest.entries)
        // A path may hold tabs; a line short of a field, or a number with another byte, is damage.
        let header = OutputManifest.header
        #expect(OutputManifest.parse("\(header)\nff\t1\t2\ta\tb\n\n")?.entries == ["a\tb": .init(key: 255, hash: 1, size: 2)])
        #expect(OutputManifest.parse("\(header)\nff\t1\t2\n3\t4\t5\tpath\n") == nil)
        #expect(OutputManifest.parse("\(header)\nfg\t1\t2\tpath\n") == nil)
        #expect(OutputManifest.parse("\(header)\nff\t1\t\tpath") == nil)
        #expect(OutputManifest.parse("sitegen-manifest 0\nff\t1\t2\tpath\n") == nil)
        #expect(OutputManifest.parse(header)?.entries == [:])
        for value: UInt64 in [0, 9, 10, 15, 16, 255, 1 << 63, .max] {
            for radix: UInt64 in [10, 16] {
                var out: [UInt8] = []
                out.appendDigits(of: value, radix: radix)
                #expect(String(decoding: out, as: UTF8.self) == String(value, radix: Int(radix)))
            }
        }
    }

    @Test func folderStampsReadBackAsWritten() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-stamps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = BuildCache(output: root.appendingPathComponent("Public"))
        try FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true)
        let stamps = [".": 1_764_000_000_123_456_789, "tags/納期": 0, "posts/a": -5, "archives/2017/09": Int.max]
        cache.saveFolderStamps(stamps)
        #expect(cache.loadFolderStamps() == stamps)
    }
}
