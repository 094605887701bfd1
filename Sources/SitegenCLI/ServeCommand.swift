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

    @Option(help: ArgumentHelp("Where to build. Default: a temporary folder, so Public/ is left alone.", valueName: "dir"))
    var output: String?

    func run() async throws {
        let folder = output.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-serve-\(ProcessInfo.processInfo.processIdentifier)")
        let options = DevServer.Options(source: URL(fileURLWithPath: site.source), output: folder, host: host, port: port,
                                        content: ContentOptions(includeDrafts: site.drafts, includeFuture: site.future))
        let server = DevServer(options: options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let host = self.host
        do {
            try await server.run { port in
                FileHandle.standardOutput.write(Data("Serving at http://\(host):\(port)/ (Ctrl-C to stop)\n".utf8))
            }
        } catch let error as SiteError {
            Report.print([error])
            throw ExitCode(1)
        }
        if output == nil { try? FileManager.default.removeItem(at: folder) }
        print("Stopped.")
    }
}
