import Foundation
import Testing

/// The `sitegen` binary as a user runs it: exit codes, the summary line, errors on stderr.
extension LiveProcessTests {
@Suite struct CLITests {
    /// `swift test` builds every product, the CLI included, into the same folder as the tests.
    static var binary: URL {
        TestSite.repoRoot.appendingPathComponent(".build/debug/sitegen")
    }

    func run(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func buildPrintsOneSummaryLine() throws {
        let site = try TestSite()
        try site.post("a", title: "A")
        let result = try run(["build", "--source", site.root.path, "--output", site.output.path])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Built 1 posts: "))
        #expect(result.out.contains("pages written"))
        #expect(result.out.contains("files copied in"))
        #expect(result.out.split(separator: "\n").count == 1)
        #expect(site.exists("posts/a/index.html"))
    }

    @Test func contentErrorsExitWithOneAndNameTheFile() throws {
        let site = try TestSite()
        try site.write("Content/posts/bad.md", "---\ntitle: x\ndate: 2017-02-30\n---\n")
        let result = try run(["build", "--source", site.root.path, "--output", site.output.path])
        #expect(result.code == 1)
        #expect(result.err.contains("Content/posts/bad.md:3: error:"))
        #expect(result.out.isEmpty)
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try run(["build", "--no-such-flag"]).code == 2)
        #expect(try run(["build", "--help"]).code == 0)
    }
}
}
