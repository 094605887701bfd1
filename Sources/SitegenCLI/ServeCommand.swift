import ArgumentParser
import Foundation
import SiteGen
import SiteServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve on loopback, and rebuild and reload the browser on every save.",
        discussion: """
        Watches Content/ and Templates/. A change rebuilds the site and every open page \
        reloads (a stylesheet-only change swaps the CSS in place). A build error keeps the \
        last good site and shows the error over it until the file is fixed. The reload \
        script is added to pages as they are served; the files on disk stay clean. \
        Ctrl-C stops the server.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "Address to listen on. The default keeps the site on this machine.")
    var host = "127.0.0.1"

    @Flag(name: .customLong("no-drafts"), help: "Hide drafts (by default serve shows them, with a 下書き/Draft badge; build never publishes them).")
    var noDrafts = false

    @Option(help: ArgumentHelp("Where to build. Default: a folder of this site's own in the temporary folder (kept, so the next serve starts at once), so Public/ is left alone.", valueName: "dir"))
    var output: String?

    func run() async throws {
        let folder = output.map { URL(fileURLWithPath: $0) } ?? Self.defaultOutput(for: site.source)
        let options = DevServer.Options(source: URL(fileURLWithPath: site.source), output: folder, host: host, port: port,
                                        content: ContentOptions(includeDrafts: !noDrafts, includeFuture: site.future))
        let server = DevServer(options: options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let host = self.host
        let say = Messages.forSite(at: URL(fileURLWithPath: site.source))
        do {
            try await server.run { port in
                FileHandle.standardOutput.write(Data((say(Message("serve.serving", ["url": "http://\(host):\(port)/"])) + "\n").utf8))
            }
        } catch let error as SiteError {
            Report.print([error], say: say)
            throw ExitCode(1)
        }
        print(say(Message("serve.stopped")))
    }

    /// One folder per site, named by a hash of its path, kept between runs: the next
    /// `serve` finds its output and caches and starts with an incremental build (a clean
    /// 10,000-post build takes seconds).
    static func defaultOutput(for source: String) -> URL {
        let path = URL(fileURLWithPath: source).standardizedFileURL.path
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-serve-" + String(hash, radix: 16))
    }
}
