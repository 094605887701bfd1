import Foundation
import Synchronization
import Testing

/// The `sitegen` binary as a user runs it: exit codes, the summary line, errors on stderr.
extension LiveProcessTests {
@Suite struct CLITests {
    /// `swift test` builds every product, the CLI included, into the same folder as the tests.
    static var binary: URL {
        TestSite.repoRoot.appendingPathComponent(".build/debug/sitegen")
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a process that fills one (the dynamic loader's log on
        // stderr) while the other is read would wait forever.
        let errBox = Mutex(Data()), errDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errBox.withLock { $0 = data }
            errDone.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        let errData = errBox.withLock { $0 }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `sitegen deploy` as a user runs it: the summary in the site's language, a second run
    /// that sends nothing, a site without targets refused with exit 1.
    @Test func deployReportsInTheSitesLanguage() throws {
        let bare = try TestSite()
        try bare.post("a", title: "A")
        _ = try run(["build", "--source", bare.root.path, "--output", bare.output.path])
        let refused = try run(["deploy", "--source", bare.root.path, "--output", bare.output.path])
        #expect(refused.code == 1 && refused.err.contains("`deploy:` にデプロイ先がありません"), "\(refused.err)")

        let remote = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-remote-\(UUID().uuidString).git")
        defer { try? FileManager.default.removeItem(at: remote) }
        let site = try TestSite(config: TestSite.defaultConfig + "\ndeploy:\n  pages: { type: git, repository: \"\(remote.path)\" }\n")
        try site.post("a", title: "A")
        _ = try run(["build", "--source", site.root.path, "--output", site.output.path])
        let initialized = Process()
        initialized.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        initialized.arguments = ["git", "init", "-q", "--bare", remote.path]
        try initialized.run()
        initialized.waitUntilExit()
        let dry = try run(["deploy", "--dry-run", "--source", site.root.path, "--output", site.output.path])
        #expect(dry.code == 0 && dry.out.contains("+ posts/a/index.html") && dry.out.contains("pages への予行演習："), "\(dry.out)\(dry.err)")
        let first = try run(["deploy", "pages", "--source", site.root.path, "--output", site.output.path])
        #expect(first.code == 0 && first.out.contains("pages にデプロイしました："), "\(first.out)\(first.err)")
        let second = try run(["deploy", "--source", site.root.path, "--output", site.output.path])
        #expect(second.out.contains("pages にデプロイしました：変更はありません。"), "\(second.out)")
    }

    /// libvips (and the hundred libraries it brings) is loaded by a build that makes an image or
    /// a share card, and not by one that makes none: the dynamic loader's own log says which.
    @Test func libvipsIsLoadedOnlyWhenAnImageIsMade() throws {
        let site = try TestSite()
        try site.post("a", title: "A", body: "First.")
        let loads = ["LD_DEBUG": "files"]
        let first = try run(["build", "--source", site.root.path, "--output", site.output.path], environment: loads)
        #expect(first.code == 0 && first.err.contains("file=libvips.so"), "the first build makes the post's share card")
        let card = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("images/cards").path)
        #expect(card.count == 1 && card[0].hasSuffix(".png"))

        try site.post("a", title: "A", body: "First, and then more.")
        let edit = try run(["build", "--source", site.root.path, "--output", site.output.path], environment: loads)
        #expect(edit.code == 0 && !edit.err.contains("file=libvips.so"), "an edit that changes no image or card")
        #expect(try site.read("posts/a/index.html").contains("First, and then more."))
        let version = try run(["--version"], environment: loads)
        #expect(version.code == 0 && !version.err.contains("file=libvips.so"))
    }

    @Test func buildPrintsOneSummaryLine() throws {
        let site = try TestSite()
        try site.post("a", title: "A")
        let result = try run(["build", "--source", site.root.path, "--output", site.output.path])
        #expect(result.code == 0)
        // In the site's language: this one is Japanese.
        #expect(result.out.hasPrefix("記事1件をビルドしました："), "\(result.out)")
        #expect(result.out.contains("ページを書き出し") && result.out.contains("ファイルをコピー"))
        #expect(result.out.split(separator: "\n").count == 1)
        #expect(site.exists("posts/a/index.html"))
        let english = try TestSite(config: TestSite.defaultConfig.replacingOccurrences(of: "language: ja", with: "language: en"))
        try english.post("a", title: "A")
        let built = try run(["build", "--source", english.root.path, "--output", english.output.path])
        #expect(built.out.hasPrefix("Built 1 post: ") && built.out.contains("pages written") && built.out.contains("files copied in"), "\(built.out)")
        try english.write("Content/posts/bad.md", "---\ntitle: x\ndate: 2017-02-30\n---\n")
        #expect(try run(["build", "--source", english.root.path, "--output", english.output.path]).err.contains("Build failed with 1 error;"))
        try site.write("Content/posts/bad.md", "---\ntitle: x\ndate: 2017-02-30\n---\n")
        #expect(try run(["build", "--source", site.root.path, "--output", site.output.path]).err.contains("ビルドに失敗しました（エラー1件）"))
    }

    @Test func contentErrorsExitWithOneAndNameTheFile() throws {
        let site = try TestSite()
        try site.write("Content/posts/bad.md", "---\ntitle: x\ndate: 2017-02-30\n---\n")
        let result = try run(["build", "--source", site.root.path, "--output", site.output.path])
        #expect(result.code == 1)
        #expect(result.err.contains("Content/posts/bad.md:3: error:"))
        #expect(result.out.isEmpty)
    }

    /// An import that imports nothing fails; one cut off inside its last entry warns with its number.
    @Test func importsReportHonestly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.txt")
        try Data("これはエクスポートではありません\n".utf8).write(to: empty)
        let nothing = try run(["import", "hatena", empty.path, "--into", folder.appendingPathComponent("a").path])
        #expect(nothing.code == 1 && nothing.err.contains("no entry could be imported"))
        let cut = folder.appendingPathComponent("cut.txt")
        try Data("""
        TITLE: 一つ目
        BASENAME: 2020/01/01/../../../../etc/passwd
        DATE: 01/01/2020 10:00:00
        -----
        BODY:
        <p>全部あります。</p>
        -----
        --------
        TITLE: 二つ目
        BASENAME: 2020/01/02/000000
        DATE: 01/02/2020 10:00:00
        -----
        BODY:
        <p>途中で切れ
        """.utf8).write(to: cut)
        let posts = folder.appendingPathComponent("b")
        let truncated = try run(["import", "hatena", cut.path, "--into", posts.path])
        #expect(truncated.code == 0 && truncated.out.contains("Imported 2 posts"))
        #expect(truncated.err.contains("warning: entry 2: the export ends inside this entry"))
        let first = try FileManager.default.contentsOfDirectory(atPath: posts.path).sorted()
        let text = try String(contentsOf: posts.appendingPathComponent(first[0]), encoding: .utf8)
        #expect(text.contains("aliases: [\"/entry/etc/passwd\"]"))
    }

    /// A very long post costs at most ten times its size in memory, over what a small site takes.
    @Test func aHugePostsMemoryIsBounded() throws {
        /// The build's own peak resident memory in MiB, as SITEGEN_TIMINGS prints it after its last stage
        /// (the process's VmHWM: a child's rusage would count the test process it was forked from).
        func peakMiB(_ site: TestSite) throws -> Int {
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["build", "--source", site.root.path, "--output", site.output.path]
            process.environment = ProcessInfo.processInfo.environment.merging(["SITEGEN_TIMINGS": "1"]) { $1 }
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let peaks = text.split(separator: "\n").compactMap { $0.components(separatedBy: "peak").last.flatMap { Int($0.filter(\.isNumber)) } }
            return try #require(peaks.last)
        }
        let small = try TestSite()
        try small.post("a", title: "短い記事", body: "短い。\n\n```swift\nlet x = 1\n```\n") // the highlighter's definitions loaded too
        let huge = try TestSite()
        var body = ""
        var n = 0
        while body.utf8.count < 10_000_000 {
            n += 1
            body += n % 20 == 0 ? "## 見出し \(n)\n\n" : n % 7 == 0 ? "```swift\nlet x = \(n)\n```\n\n"
                : String(repeating: "仮払いのない案件は受けない。Deadlines matter, and so does escrow. ", count: 5) + "\n\n"
        }
        try huge.post("huge", title: "長い記事", body: body)
        let (base, big) = (try peakMiB(small), try peakMiB(huge))
        #expect(huge.exists("posts/huge/index.html"))
        #expect(big - base <= 10 * body.utf8.count >> 20, "a \(body.utf8.count >> 20) MiB post took \(big - base) MiB over a small site's \(base) MiB")
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try run(["build", "--no-such-flag"]).code == 2)
        #expect(try run(["build", "--help"]).code == 0)
    }
}
}
