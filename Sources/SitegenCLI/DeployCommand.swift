import ArgumentParser
import Foundation
import SiteDeploy
import SiteGen

struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Send the built site to a target of site.yml's deploy: (git, s3 or rsync).",
        discussion: """
        Sends the output folder as the last build left it: run sitegen build first. Only what \
        changed is sent, so a second deploy sends nothing; files the site no longer has are \
        deleted from the target (shown with --dry-run first; --no-delete keeps them). \
        Credentials come from the environment or each tool's own files, never from site.yml.

        Exit codes: 0 success, 1 a failed deploy (run it again: it finishes the job), 2 usage errors.
        """
    )

    @Argument(help: "The target's name under deploy: (default: the first).")
    var name: String?

    @Option(help: ArgumentHelp("The site folder, holding Content/.", valueName: "dir"))
    var source: String = "."

    @Option(help: ArgumentHelp("The built site to send.", valueName: "dir"))
    var output: String = "Public"

    @Flag(help: "List what would be sent and deleted; change nothing.")
    var dryRun = false

    @Flag(help: "Keep files on the target that the site no longer has.")
    var noDelete = false

    func run() async throws {
        let say = Messages.forSite(at: URL(fileURLWithPath: source))
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        do {
            let config = try SiteLoader(root: source, options: ContentOptions()).loadConfig()
            let target = try Deploy.target(name, in: config.deploy)
            let deploy = Deploy(target: target, output: outputURL,
                                stateFolder: outputURL.deletingLastPathComponent().appendingPathComponent(".sitegen-cache/.deploy"),
                                baseURL: config.baseURL.origin + config.baseURL.basePath, dryRun: dryRun, delete: !noDelete)
            let summary = try await deploy.run { line in print(say(line)) }
            if dryRun || summary.deleted > 0 {
                for change in summary.changes where dryRun || change.action == .delete { print("\(change.action.rawValue) \(change.path)") }
            }
            let values: [String: any MessageArgument] = ["target": target.name, "sent": summary.sent, "deleted": summary.deleted,
                                                         "megabytes": String(format: "%.1f", Double(summary.sentBytes) / 1_048_576)]
            print(say(Message(dryRun ? "deploy.dry_run" : summary.changes.isEmpty ? "deploy.nothing" : "deploy.done", values)))
            if summary.kept > 0 { print(say(Message("deploy.kept", ["files": summary.kept]))) }
        } catch let error as SiteError {
            Report.print([error], say: say)
            throw ExitCode(1)
        } catch let failure as BuildFailure {
            Report.print(failure.errors, say: say)
            throw ExitCode(1)
        }
    }
}
