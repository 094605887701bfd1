import ArgumentParser
import Foundation
import SiteGen

/// The command line: parses arguments and calls the library. No site logic here.
@main
struct Sitegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "A static site generator for freelancers who blog, Japanese-first.",
        discussion: """
        Reads Content/ (posts, pages, site.yml) and Templates/ (the theme) and writes \
        a finished site to Public/, ready to upload to any static host.

        Exit codes: 0 success, 1 content or template errors, 2 usage errors.
        """,
        subcommands: [Build.self],
        defaultSubcommand: nil
    )

    /// Maps argument errors to exit code 2 (argument-parser's default is 64), as documented above.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
        The site is built into a temporary folder beside the output and moved into \
        place only when the whole build succeeded; a failed build leaves the \
        previous output untouched.
        """
    )

    @Option(help: ArgumentHelp("The site folder, holding Content/ and Templates/.", valueName: "dir"))
    var source: String = "."

    @Option(help: ArgumentHelp("Where to write the site. Replaced as a whole on success.", valueName: "dir"))
    var output: String = "Public"

    @Option(name: .customLong("base-url"),
            help: ArgumentHelp("Override site.yml's base_url, e.g. https://example.com/blog/.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Include posts and pages marked `draft: true`.")
    var drafts = false

    @Flag(help: "Include posts dated in the future.")
    var future = false

    func run() throws {
        let sourceURL = URL(fileURLWithPath: source)
        // A relative --output is relative to the working folder, like every command-line tool.
        let outputURL = URL(fileURLWithPath: output)
        let options = BuildOptions(source: sourceURL, output: outputURL, baseURL: baseURL,
                                   content: ContentOptions(includeDrafts: drafts, includeFuture: future))
        do {
            let report = try Builder.build(options)
            print("Built \(report.posts) posts: \(report.pagesWritten) pages written, \(report.filesCopied) files copied in \(String(format: "%.2f", report.seconds)) s → \(output)")
        } catch let failure as BuildFailure {
            Self.fail(failure.errors)
        } catch let error as SiteError {
            Self.fail([error])
        }
    }

    static func fail(_ errors: [SiteError]) -> Never {
        for error in errors { FileHandle.standardError.write(Data((error.description + "\n").utf8)) }
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        FileHandle.standardError.write(Data("Build failed with \(count); the previous output was left as it was.\n".utf8))
        Foundation.exit(1)
    }
}
