import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SiteGen

/// The live output folder is at every moment one complete build: a build killed with
/// SIGKILL at a random moment leaves exactly the old build or exactly the new one.
extension LiveProcessTests {
@Suite struct AtomicCommitTests {
    /// Every file's path and bytes, hashed in path order (links are not followed).
    static func treeHash(_ folder: URL) throws -> UInt64 {
        var hasher = StableHasher()
        let root = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String { paths.append(path) }
        for path in paths.sorted() {
            hasher.combine(path)
            var info = stat()
            lstat(root + "/" + path, &info)
            if (info.st_mode & S_IFMT) == S_IFREG { try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)).withUnsafeBytes { hasher.combine($0) } }
        }
        return hasher.value
    }

    static func start(_ site: TestSite, _ extra: [String] = [], errors: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["build", "--source", site.root.path, "--output", site.output.path] + extra
        process.standardOutput = FileHandle.nullDevice
        if let errors {
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Waits with waitpid (Process's own wait does not return inside an async test on Linux);
    /// true when the process exited with 0.
    @discardableResult
    static func wait(_ process: Process) -> Bool {
        var status: Int32 = 0
        while waitpid(process.processIdentifier, &status, 0) == -1 && errno == EINTR {}
        return status == 0
    }

    @Test func aBuildKilledAtAnyMomentLeavesTheOldOrTheNewBuild() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededRandom(seed: seed)
        let site = try TestSite()
        for n in 0..<300 {
            try site.post("post-\(n)", title: "記事 \(n)", date: "2026-0\(1 + n % 9)-1\(n % 10)", extra: "tags: [タグ\(n % 17), 納期]",
                          body: "## 見出し \(n)\n\n本文 \(n)。仮払いとエスクローの話。\n\n| 表 | \(n) |\n| - | - |\n| a | b |\n")
        }
        let first = try Self.start(site)
        let began = Date()
        Self.wait(first)
        let fullBuild = Date().timeIntervalSince(began)
        var kinds: [String: Int] = [:]
        for trial in 0..<20 {
            let old = try Self.treeHash(site.output)
            // A new site title changes every page; a post edit changes a few.
            if trial % 2 == 0 {
                try site.write("Content/site.yml", TestSite.defaultConfig.replacingOccurrences(of: "テストのブログ", with: "ブログ \(trial)"))
            } else {
                try site.post("post-\(trial)", title: "書き直し \(trial)", date: "2026-01-1\(trial % 10)", body: "新しい本文 \(trial)。")
            }
            let build = try Self.start(site)
            usleep(UInt32(Double.random(in: 0...1.2, using: &random) * fullBuild * 1e6))
            kill(build.processIdentifier, SIGKILL)
            Self.wait(build)
            let afterKill = try Self.treeHash(site.output)
            let finished = Self.wait(try Self.start(site))
            #expect(finished, "seed \(seed), trial \(trial): the build after the kill failed")
            let new = try Self.treeHash(site.output)
            #expect(afterKill == old || afterKill == new, "seed \(seed), trial \(trial): the output is a mix of two builds")
            kinds[afterKill == new ? (old == new ? "unchanged" : "new") : "old", default: 0] += 1
        }
        // Leftovers of killed builds are removed by the next build.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains(".sitegen-tmp") || $0.contains(".sitegen-old") }
        #expect(leftovers.isEmpty, "seed \(seed): \(leftovers)")
        print("kill -9 trials (seed \(seed)): \(kinds)")
    }

    /// The spare generation beside the output is never published: a stray file added to the
    /// live folder by hand is gone after the next build and does not come back with the
    /// generation it was in, an unchanged page stays the same file (its inode and date), and
    /// every build equals a clean one. Taking the spare or its manifest away costs only time.
    @Test func theSpareGenerationNeverLeaksIntoTheOutput() throws {
        let site = try TestSite()
        for n in 0..<6 { try site.post("post-\(n)", title: "記事 \(n)", date: "2026-02-0\(n + 1)", extra: "tags: [納期]") }
        try site.build()
        try Data("stray".utf8).write(to: site.output.appendingPathComponent("stray.txt"))
        func inode(_ relative: String) throws -> UInt64 {
            try #require(try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent(relative).path)[.systemFileNumber] as? UInt64)
        }
        let spare = site.root.appendingPathComponent(".Public.sitegen-spare")
        for round in 0..<4 {
            let aboutPage = try inode("posts/post-5/index.html")
            try site.post("post-0", title: "書き直し \(round)", date: "2026-02-01", body: "本文 \(round)。")
            if round == 2 { try FileManager.default.removeItem(atPath: spare.path + ".tsv") }
            if round == 3 { try FileManager.default.removeItem(at: spare) }
            try site.build()
            #expect(!site.exists("stray.txt"), "round \(round)")
            #expect(try inode("posts/post-5/index.html") == aboutPage, "round \(round): an unchanged page was made anew")
            #expect(try site.read("posts/post-0/index.html").contains("本文 \(round)。"))
            let clean = site.root.appendingPathComponent("clean-\(round)")
            _ = try Builder.build(BuildOptions(source: site.root, output: clean, content: ContentOptions(now: TestSite.now), clean: true))
            #expect(try Self.treeHash(site.output) == Self.treeHash(clean), "round \(round)")
        }
        #expect(FileManager.default.fileExists(atPath: spare.path))
    }

    /// The folder stamps recorded after a build (which the next build checks the output by) are
    /// the live folder's own, also when they were carried over from the spare's with only the
    /// folders the commit changed taken again: posts edited, added and deleted, a tag gone.
    @Test func theRecordedFolderStampsAreTheLiveFoldersOwn() throws {
        let site = try TestSite()
        for n in 0..<5 { try site.post("post-\(n)", title: "記事 \(n)", date: "2026-02-0\(n + 1)", extra: "tags: [納期, 契約]") }
        try site.build()
        let cache = BuildCache(output: site.output)
        let spareStamps = site.root.appendingPathComponent(".Public.sitegen-spare.folders").path
        let changes: [(String, () throws -> Void)] = [
            ("an edit", { try site.post("post-0", title: "記事 0", date: "2026-02-01", extra: "tags: [納期, 契約]", body: "書き直し。") }),
            ("another edit", { try site.post("post-1", title: "記事 1", date: "2026-02-02", extra: "tags: [納期, 契約]", body: "書き直し。") }),
            ("a post with a new tag", { try site.post("post-9", title: "新しい記事", date: "2026-03-01", extra: "tags: [エスクロー]") }),
            ("a tag no post has any more", { try site.post("post-9", title: "新しい記事", date: "2026-03-01", extra: "tags: [納期]") }),
            ("a post deleted", { try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/post-2.md")) }),
            ("a title changed", { try site.post("post-3", title: "改題", date: "2026-02-04", extra: "tags: [契約]") }),
            ("a clean build", {}),
            ("an edit after it", { try site.post("post-4", title: "記事 4", date: "2026-02-05", body: "書き直し。") }),
        ]
        var carried = 0
        for (round, (what, change)) in changes.enumerated() {
            try change()
            if FileManager.default.fileExists(atPath: spareStamps) { carried += 1 }
            if what == "a clean build" {
                try Builder.build(BuildOptions(source: site.root, output: site.output, content: ContentOptions(now: TestSite.now), clean: true))
            } else {
                try site.build()
            }
            let manifest = try #require(cache.loadManifest(), "\(what)")
            #expect(cache.loadFolderStamps() == OutputFolder.folderStamps(site.output, manifest, io: .disk), "round \(round): \(what)")
            #expect(try site.build().upToDate, "round \(round): \(what): the output checks as left")
        }
        // All but the first edit, which makes the spare (the first build had none).
        #expect(carried == changes.count - 1, "the spare's stamps were carried over, also after the clean build")
    }

    /// One build of a site at a time: while another holds the build lock, a build waits, and
    /// goes on once it is released; two builds started together (one with drafts) both succeed,
    /// and the output is exactly one of the two builds.
    @Test func buildsOfOneSiteTakeTurns() throws {
        let site = try TestSite()
        for n in 0..<60 {
            try site.post("post-\(n)", title: "記事 \(n)", date: "2026-0\(1 + n % 9)-1\(n % 10)",
                          extra: n % 3 == 0 ? "draft: true" : "tags: [納期]", body: "本文 \(n)。")
        }
        #expect(Self.wait(try Self.start(site)))
        let without = try Self.treeHash(site.output)
        let lockFile = site.root.appendingPathComponent(".sitegen-cache/Public/lock").path
        let held = open(lockFile, O_RDWR | O_CLOEXEC)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        _ = ftruncate(held, 0)
        _ = "process 4242, since today".withCString { pwrite(held, $0, strlen($0), 0) }
        let said = site.root.appendingPathComponent("waiting.txt")
        let waiting = try Self.start(site, ["--drafts"], errors: said)
        // After a moment (a second, however busy the machine is) it says whom it waits for, and goes on waiting.
        var message = ""
        for _ in 0..<100 where !message.contains("待っています") {
            usleep(100_000)
            message = (try? String(contentsOf: said, encoding: .utf8)) ?? ""
        }
        // In the site's language (Japanese here).
        #expect(message.contains("このサイトの別のビルドが終わるのを待っています（process 4242, since today）"), "\(message)")
        usleep(300_000)
        #expect(kill(waiting.processIdentifier, 0) == 0, "the build did not wait for the lock")
        #expect(try Self.treeHash(site.output) == without)
        close(held)
        #expect(Self.wait(waiting))
        let withDrafts = try Self.treeHash(site.output)
        #expect(withDrafts != without)
        let first = try Self.start(site), second = try Self.start(site, ["--drafts"])
        #expect(Self.wait(first) && Self.wait(second))
        let found = try Self.treeHash(site.output)
        #expect(found == withDrafts || found == without, "the output is a mix of the two builds")
    }

    /// Links put into the output by hand (a folder at several depths, a file; into `Content/`
    /// and outside the site) are never followed: what they point at is left as it was, and
    /// every build after equals a clean one.
    @Test func linksInTheOutputAreNeverFollowed() throws {
        let site = try TestSite()
        for n in 0..<8 { try site.post("post-\(n)", title: "記事 \(n)", date: "2026-02-0\(n + 1)", extra: "tags: [納期]") }
        try site.build()
        let outside = site.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("外".utf8).write(to: outside.appendingPathComponent("keep.txt"))
        try FileManager.default.copyItem(at: site.output.appendingPathComponent("posts"), to: outside.appendingPathComponent("posts"))
        let outsideBefore = try Self.treeHash(outside)
        func link(_ relative: String, to target: URL) throws {
            let url = site.output.appendingPathComponent(relative)
            try FileManager.default.removeItem(at: url)
            try FileManager.default.createSymbolicLink(at: url, withDestinationURL: target)
        }
        try link("posts", to: outside.appendingPathComponent("posts"))
        try link("tags/納期", to: site.root.appendingPathComponent("Content"))
        try link("feed.xml", to: outside.appendingPathComponent("keep.txt"))
        for round in 0..<3 {
            try site.post("post-1", title: "書き直し \(round)", date: "2026-02-02", body: "本文 \(round)。")
            let contentBefore = try Self.treeHash(site.root.appendingPathComponent("Content"))
            try site.build()
            #expect(try Self.treeHash(site.root.appendingPathComponent("Content")) == contentBefore, "round \(round): Content changed")
            #expect(try Self.treeHash(outside) == outsideBefore, "round \(round): a folder outside the site changed")
            let clean = site.root.appendingPathComponent("clean-\(round)")
            _ = try Builder.build(BuildOptions(source: site.root, output: clean, content: ContentOptions(now: TestSite.now), clean: true))
            #expect(try Self.treeHash(site.output) == Self.treeHash(clean), "round \(round)")
        }
    }

    /// Links in Content/ are not followed and each gets a warning, in `build` and `check`;
    /// a link in the cache folder's place is replaced by a real folder, and what it pointed
    /// at is left as it was.
    @Test func linksInContentAndTheCacheAreNeverFollowed() async throws {
        let site = try TestSite()
        try site.post("a", title: "記事")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("秘密".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("Content/secret.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("Content/folder"), withDestinationURL: outside)
        let report = try site.build()
        #expect(report.warnings.map(\.file) == ["Content/folder", "Content/secret.txt"])
        #expect(report.warnings.allSatisfy { $0.severity == .warning && $0.message.contains("does not follow it") })
        #expect(!site.exists("secret.txt") && !site.exists("folder/secret.txt"))
        let check = await SiteChecker.check(BuildOptions(source: site.root, output: site.output))
        #expect(check.warnings.contains { $0.file == "Content/secret.txt" })
        // The cache folder replaced by a link to a folder outside: the build makes a real one.
        let cache = site.root.appendingPathComponent(".sitegen-cache/Public")
        let elsewhere = site.root.appendingPathComponent("elsewhere")
        try FileManager.default.moveItem(at: cache, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: cache, withDestinationURL: elsewhere)
        let before = try Self.treeHash(elsewhere)
        try site.post("a", title: "記事", body: "変えた本文。")
        try site.build()
        #expect(try Self.treeHash(elsewhere) == before)
        var info = stat()
        #expect(lstat(cache.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        #expect(try site.read("posts/a/index.html").contains("変えた本文。"))
    }
}
}
