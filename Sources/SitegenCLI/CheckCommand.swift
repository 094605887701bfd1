import ArgumentParser
import Foundation
import SiteGen

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Build the site in a temporary folder and report problems.",
        discussion: """
        Reports, as file:line: severity: message lines (errors first): internal links, \
        images and #anchors that point nowhere; two sources with one URL; posts without \
        a title or description; images without alt text; unknown front matter keys \
        (likely typos); ad slots without a label; sponsored posts on a theme without the \
        PR notice. Nothing is written to the output folder.

        Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage errors.
        """
    )

    @OptionGroup var site: SiteOptions

    @Flag(help: "Also check external links (HEAD requests, at most --concurrency at once).")
    var external = false

    @Option(help: ArgumentHelp("External requests in flight at once.", valueName: "n"))
    var concurrency = 8

    @Option(help: ArgumentHelp("Seconds to wait for each external link.", valueName: "seconds"))
    var timeout = 10.0

    func run() async throws {
        let checker = external ? ExternalLinkChecker(concurrency: concurrency, timeout: timeout) : nil
        let report = await SiteChecker.check(site.buildOptions(output: "Public"), external: checker)
        let say = Messages.forSite(at: URL(fileURLWithPath: site.source))
        Report.print(report.findings, say: say)
        print(say(Message("check.summary", ["errors": report.errors.count, "warnings": report.warnings.count])))
        if !report.errors.isEmpty { throw ExitCode(1) }
    }
}
