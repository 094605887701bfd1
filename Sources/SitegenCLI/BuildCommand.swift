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
        do {
            var options = site.buildOptions(output: output)
            options.clean = clean
            let report = try Builder.build(options, waiting: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
            let seconds = String(format: "%.2f", report.seconds)
            if !report.warnings.isEmpty { Report.print(report.warnings) }
            if let repaired = report.cacheRepairLine { print(repaired) }
            if report.upToDate {
                print("Nothing changed: \(Report.count(report.posts, "post")), \(Report.count(report.pagesWritten, "page")) up to date (\(seconds) s) → \(output)")
            } else if report.incremental {
                print("Built \(Report.count(report.posts, "post")): \(Report.count(report.pagesWritten, "page")), \(Report.count(report.filesChanged, "file")) changed, \(report.filesDeleted) removed in \(seconds) s → \(output)")
            } else {
                print("Built \(Report.count(report.posts, "post")): \(Report.count(report.pagesWritten, "page")) written, \(Report.count(report.filesCopied, "file")) copied in \(seconds) s → \(output)")
            }
        } catch let failure as BuildFailure {
            Report.failBuild(failure.errors)
        } catch let error as SiteError {
            Report.failBuild([error])
        }
    }
}
