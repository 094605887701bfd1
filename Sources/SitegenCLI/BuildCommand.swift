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

        Exit codes: 0 success, 1 content or template errors, 2 usage errors.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("Where to write the site. Replaced as a whole on success.", valueName: "dir"))
    var output: String = "Public"

    func run() throws {
        do {
            let report = try Builder.build(site.buildOptions(output: output))
            print("Built \(report.posts) posts: \(report.pagesWritten) pages written, \(report.filesCopied) files copied in \(String(format: "%.2f", report.seconds)) s → \(output)")
        } catch let failure as BuildFailure {
            Report.failBuild(failure.errors)
        } catch let error as SiteError {
            Report.failBuild([error])
        }
    }
}
