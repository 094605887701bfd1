import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SiteGen

/// The write stage (`OutputFolder`, `Generations`), the build's caches and whole builds, run on
/// files held in memory through `FileIO`: no disk, and any change can be made to fail.
@Suite struct WriteStageTests {
    /// Not a folder on this machine: the stage must never reach the disk.
    let root = "/sitegen-memory-\(UUID().uuidString)"
    var destination: URL { URL(fileURLWithPath: root + "/Public") }
    var source: URL { URL(fileURLWithPath: root + "/site") }
    var live: String { root + "/Public" }
    var spare: String { root + "/.Public.sitegen-spare" }

    /// A site's output, as relative path → text; a page's key is its text's hash, as a
    /// page's inputs would be.
    typealias Output = [String: String]

    /// What the last build left, as `BuildCache` hands it to the next (nil: a clean build).
    struct Record {
        var manifest: OutputManifest
        var stamps: [String: Int]
    }

    /// One build's write stage: every page reused when its key is the last build's, else written;
    /// then the commit. Returns the record the next build starts from.
    @discardableResult
    func build(_ output: Output, after record: Record?, io: FileIO) throws -> Record {
        let folder = try OutputFolder(destination: destination, source: source, previous: record?.manifest,
                                      previousFolders: record?.stamps, io: io)
        do {
            for (path, text) in output.sorted(by: { $0.key < $1.key }) {
                let key = StableHasher.hash(Array(text.utf8)) | 1
                if try !folder.reuse(path, key: key) { try folder.write(path, text, key: key) }
            }
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
        return Record(manifest: folder.manifest, stamps: folder.folderStampsAfterCommit())
    }

    static func site(_ round: Int, posts: Int = 12) -> Output {
        var output: Output = ["index.html": "<h1>ホーム \(round)</h1>", "feed.xml": "<feed>\(round)</feed>"]
        for n in 0..<posts {
            // Each round rewrites a few posts, drops one and adds one; a tag's page moves with them.
            let text = n % 4 == round % 4 ? "本文 \(n)、第\(round)版" : "本文 \(n)"
            if n != round { output["posts/post-\(n)/index.html"] = "<p>\(text)</p>" }
            output["tags/タグ\(n % 3)/index.html"] = "<ul>\((0..<posts).filter { $0 % 3 == n % 3 && $0 != round }.map(String.init))</ul>"
        }
        output["posts/new-\(round)/index.html"] = "<p>新しい記事 \(round)</p>"
        return output
    }

    func expectLive(_ files: MemoryFiles, holds output: Output, _ comment: Comment? = nil) {
        #expect(files.files(under: live) == output.mapValues { Array($0.utf8) }, comment)
    }

    @Test func buildsAndIncrementalBuildsRunWithoutADisk() throws {
        let files = MemoryFiles()
        let io = files.io
        var record = try build(Self.site(0), after: nil, io: io)
        expectLive(files, holds: Self.site(0))
        #expect(!files.paths.contains(spare), "a first build is renamed into place; there is no spare yet")
        for round in 1...4 {
            record = try build(Self.site(round), after: record, io: io)
            expectLive(files, holds: Self.site(round), "round \(round)")
            #expect(files.files(under: spare) == Self.site(round - 1).mapValues { Array($0.utf8) }, "the spare is the build before")
            #expect(record.stamps == OutputFolder.folderStamps(destination, record.manifest, io: io), "the carried stamps are the live folder's own")
            #expect(!files.paths.contains { $0.contains(".sitegen-tmp-") }, "no staging folder is left")
        }
        // A page no build changed is one file shared by both generations (a hard link), not a copy.
        #expect(files.sameFile(live + "/posts/post-2/index.html", spare + "/posts/post-2/index.html"))
        #expect(!files.sameFile(live + "/index.html", spare + "/index.html"))
        // A file deleted by hand is noticed by the check and made again.
        #expect(files.io.remove(live + "/posts/post-3/index.html"))
        record = try build(Self.site(4), after: record, io: io)
        expectLive(files, holds: Self.site(4))
        // The record files went through the seam too.
        let cache = BuildCache(output: destination, io: io)
        try cache.makeFolder()
        cache.save(record.manifest, folders: { record.stamps }, warm: nil)
        #expect(cache.loadManifest()?.entries == record.manifest.entries)
        #expect(cache.loadFolderStamps() == record.stamps)
        #expect(!FileManager.default.fileExists(atPath: root), "nothing reached the disk")
    }

    /// A build cut short after each of its changes in turn (the process killed there, so
    /// nothing more reaches the disk), incremental or clean: the live folder is exactly the old
    /// build or exactly the new one every time, and the next build, with no record to trust (as
    /// `Builder` removes the record before the commit), makes the new build whole.
    @Test(arguments: [false, true])
    func aBuildCutShortAtAnyChangeLeavesTheOldOrTheNewBuild(clean: Bool) throws {
        let files = MemoryFiles()
        var record = try build(Self.site(0), after: nil, io: files.io)
        for round in 1...2 { record = try build(Self.site(round), after: record, io: files.io) }
        let (old, new) = (Self.site(2), Self.site(3))
        var cuts = 0
        while true {
            let trial = files.copy()
            trial.allowChanges(cuts)
            let finished = (try? build(new, after: clean ? nil : record, io: trial.io)) != nil
            let held = trial.files(under: live)
            #expect(held == old.mapValues { Array($0.utf8) } || held == new.mapValues { Array($0.utf8) }, "cut after \(cuts) changes")
            if finished {
                expectLive(trial, holds: new)
                break
            }
            trial.allowChanges(nil)
            let after = try build(new, after: nil, io: trial.io)
            expectLive(trial, holds: new, "the build after a cut at \(cuts)")
            try build(Self.site(4), after: after, io: trial.io)
            expectLive(trial, holds: Self.site(4), "and the one after it")
            cuts += 1
        }
        #expect(cuts > 50, "the build was cut at each of its changes")
    }

    /// A whole build (load, render, write, every cache) on files in memory makes byte for byte
    /// what the same build makes on disk, clean, after an edit, and up to date, and touches no disk.
    @Test func aWholeBuildRunsInMemoryAsOnDisk() throws {
        let site = try TestSite(config: TestSite.defaultConfig + "\nimages:\n  process: false\n")
        for n in 1...7 {
            try site.post("post-\(n)", title: "仮払いのない案件 \(n)", date: String(format: "2026-04-%02d", n), extra: "tags: [納期, タグ\(n % 3)]",
                          body: "## 見出し \(n)\n\n本文\(n)。[^1]\n\n| 項目 | 値 |\n| --- | --- |\n| 納期 | \(n)日 |\n\n```swift\nlet n = \(n)\n```\n\n[^1]: 脚注です。\n")
        }
        try site.write("Content/pages/about.md", "---\ntitle: 自己紹介\n---\nこんにちは。")
        try site.write("Content/images/a.png", "PNG")
        let files = MemoryFiles()
        let io = files.io
        for relative in FileIO.disk.listFiles(site.root.path, site.root.path) {
            try io.makeFolders((root + "/" + relative as NSString).deletingLastPathComponent)
            try io.write(root + "/" + relative, [UInt8](try FileIO.disk.read(site.root.path + "/" + relative)))
        }
        func disk() throws -> [String: [UInt8]] {
            Dictionary(uniqueKeysWithValues: try FileIO.disk.listFiles(site.output.path, site.output.path).map {
                ($0, [UInt8](try FileIO.disk.read(site.output.path + "/" + $0)))
            })
        }
        func build(_ io: FileIO, at root: URL) throws -> BuildReport {
            try Builder.build(BuildOptions(source: root, output: root.appendingPathComponent("Public"), content: ContentOptions(now: TestSite.now)), io: io)
        }
        let memorySite = URL(fileURLWithPath: root)
        try build(.disk, at: site.root)
        let first = try build(io, at: memorySite)
        #expect(!first.incremental && first.posts == 7)
        #expect(files.files(under: live) == (try disk()))
        #expect(files.files(under: live).count > 30)
        let caches = files.files(under: root + "/.sitegen-cache/Public").keys
        #expect(Set(["markdown.pack", "documents.pack", "manifest.tsv", "folders", "inputs", "lock"]).isSubset(of: caches), "\(caches.sorted())")

        let edit = "---\ntitle: 書き直した記事\ndate: 2026-04-02\ntags: [納期]\n---\n書き直しました。\n"
        try site.write("Content/posts/post-2.md", edit)
        try io.replace(root + "/Content/posts/post-2.md", Array(edit.utf8))
        try build(.disk, at: site.root)
        let edited = try build(io, at: memorySite)
        #expect(edited.incremental && edited.bodiesRendered == 1 && edited.documentsRead == 1, "the caches in memory were read back")
        #expect(files.files(under: live) == (try disk()))
        #expect(try build(io, at: memorySite).upToDate)
        #expect(!FileManager.default.fileExists(atPath: root), "nothing reached the disk")
    }
}
