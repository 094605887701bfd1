import ArgumentParser
import Foundation
import SiteGen

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into the output folder.",
        discussion: """
        The site is built into a temporary folder beside the output and moved into \
        place only when the whole build succeeded; a failed build leaves the \
        previous output untouched.

        Builds are incremental: .sitegen-cache/ beside the output folder records what \
        each file was made from, so a rebuild renders only what changed, rewrites only \
        files whose bytes changed and deletes files whose source is gone. --clean \
        ignores the cache.

        Exit codes: 0 success, 1 content or template errors, 2 usage errors.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("Where to write the site. Replaced as a whole on success.", valueName: "dir"))
    var output: String = "Public"

    @Flag(help: "Ignore the incremental cache: render and write every file.")
    var clean = false

    func run() throws {
        let say = Messages.forSite(at: URL(fileURLWithPath: site.source))
        do {
            var options = site.buildOptions(output: output)
            options.clean = clean
            let report = try Builder.build(options, waiting: { FileHandle.standardError.write(Data((say($0) + "\n").utf8)) })
            let seconds = String(format: "%.2f", report.seconds)
            Report.print(report.warnings, say: say)
            if let repaired = report.cacheRepair { print(say(repaired)) }
            let counts: [String: any MessageArgument] = ["posts": report.posts, "pages": report.pagesWritten, "seconds": seconds, "output": output]
            if report.upToDate {
                print(say(Message("build.up_to_date", counts)))
            } else if report.incremental {
                print(say(Message("build.done_incrementally", counts.merging(["changed": report.filesChanged, "removed": report.filesDeleted]) { a, _ in a })))
            } else {
                print(say(Message("build.done", counts.merging(["copied": report.filesCopied]) { a, _ in a })))
            }
        } catch let failure as BuildFailure {
            Report.failBuild(failure.errors, say: say)
        } catch let error as SiteError {
            Report.failBuild([error], say: say)
        }
    }
}
