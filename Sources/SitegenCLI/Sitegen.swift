import ArgumentParser
import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SiteGen

/// The command line: parses arguments and calls the library. No site logic here.
@main
struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "A static site generator for freelancers who blog, Japanese-first.",
        discussion: """
        Reads Content/ (posts, pages, site.yml, services.yml) and Templates/ (the theme) \
        and writes a finished site to Public/, ready to upload to any static host.

        Exit codes: 0 success, 1 content or template errors, 2 usage errors.
        """,
        version: SitegenVersion.described,
        subcommands: [BuildCommand.self, ServeCommand.self, CheckCommand.self, NewCommand.self, InitCommand.self, ImportCommand.self, DeployCommand.self]
    )

    /// Maps argument errors to exit code 2 (argument-parser's default is 64), as documented above.
    static func main() async {
        // A build allocates a few hundred MiB on every core: each thread's heap grows 64 MiB
        // ahead rather than a page at a time (memory in use is the same).
        sitegen_set_malloc_top_pad(64 << 20)
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads a site shares.
struct SiteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The site folder, holding Content/ and Templates/.", valueName: "dir"))
    var source: String = "."

    @Option(name: .customLong("base-url"),
            help: ArgumentHelp("Override site.yml's base_url, e.g. https://example.com/blog/.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Include posts and pages marked `draft: true`.")
    var drafts = false

    @Flag(help: "Include posts dated in the future.")
    var future = false

    func buildOptions(output: String) -> BuildOptions {
        // A relative folder is relative to the working folder, like every command-line tool.
        BuildOptions(source: URL(fileURLWithPath: source), output: URL(fileURLWithPath: output), baseURL: baseURL,
                     content: ContentOptions(includeDrafts: drafts, includeFuture: future))
    }
}

/// Prints errors and warnings to stderr, grouped by severity.
enum Report {
    static func print(_ findings: [SiteError], say: Messages) {
        for error in findings { FileHandle.standardError.write(Data((error.described(in: say) + "\n").utf8)) }
    }

    /// Runs an import; its own failure (no settings file, a broken export) is said in the
    /// language of the site it was to go into, and exits 1.
    static func importing<R>(into destination: URL, _ work: () async throws -> R) async throws -> R {
        do { return try await work() } catch let error as SiteError {
            print([error], say: Messages.forSite(containing: destination))
            throw ExitCode(1)
        }
    }

    /// An import's report in the new site's language: its warnings, its lines, the files left
    /// alone; exit 1 when nothing was imported and nothing was there already.
    static func imported(warnings: [SiteError], lines: [Message], skipped: Int, imported: Int, into destination: URL,
                         source: String, nothing: Message) throws {
        let say = Messages.forSite(at: destination)
        print(warnings, say: say)
        for line in lines { Swift.print(say(line)) }
        if skipped > 0 { Swift.print(say(Message("import.skipped_files", ["files": skipped]))) }
        if imported == 0 && skipped == 0 {
            print([SiteError(file: source, nothing)], say: say)
            throw ExitCode(1)
        }
    }

    static func failBuild(_ errors: [SiteError], say: Messages) -> Never {
        print(errors, say: say)
        FileHandle.standardError.write(Data((say(Message("build.failed", ["errors": errors.count])) + "\n").utf8))
        Foundation.exit(1)
    }
}
