import Foundation
import SiteGen

/// The site sent to a rental server (Xserver, Sakura, ConoHa…) with the system's rsync over
/// ssh, whose keys and `~/.ssh/config` hold the credentials. Files are compared by checksum,
/// so a rebuild that rewrote a file with the same bytes sends nothing; files land with the
/// modes a web server reads (644, folders 755), all at the end of the transfer
/// (`--delay-updates`), so readers see few half-updated pages.
struct RsyncDeploy {
    let deploy: Deploy
    let destination: String
    let port: Int?

    var arguments: [String] {
        // rsync's own RSYNC_RSH, when set, is the ssh command (with its options); never a prompt;
        // SITEGEN_SSH_CONFIG, an ssh config file in place of ~/.ssh/config (as for sftp).
        var ssh = (deploy.environment["RSYNC_RSH"] ?? "ssh") + " -o BatchMode=yes"
        if let port { ssh += " -p \(port)" }
        if let config = deploy.environment["SITEGEN_SSH_CONFIG"] { ssh += " -F '\(config.replacingOccurrences(of: "'", with: ""))'" }
        return ["--recursive", "--links", "--checksum", "--delay-updates", "--chmod=D755,F644", "--out-format=%i %l %n", "-e", ssh]
            + (deploy.delete ? ["--delete-after"] : [])
            + (deploy.dryRun ? ["--dry-run"] : [])
            + ["--", deploy.output.path + "/", destination]
    }

    func run(progress: @escaping @Sendable (Message) -> Void) throws -> DeploySummary {
        var summary = DeploySummary(target: deploy.target.name, dryRun: deploy.dryRun)
        var lastReport = Date()
        try ExternalCommand("rsync", arguments).succeed { line in
            guard let change = Self.change(line) else { return }
            summary.changes.append(change)
            if Date().timeIntervalSince(lastReport) > 1 {
                lastReport = Date()
                progress(Message("deploy.progress", ["files": summary.sent, "megabytes": String(format: "%.1f", Double(summary.sentBytes) / 1_048_576)]))
            }
        }
        return summary
    }

    /// A line of `--out-format=%i %l %n`: `<f+++++++++ 1234 path` (sent, new), `<f.st...... 99 path`
    /// (sent, changed), `*deleting 0 path`; folders and links made on the way are not files sent.
    static func change(_ line: String) -> DeploySummary.Change? {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3 else { return nil }
        let (item, size, path) = (parts[0], Int(parts[1]) ?? 0, String(parts[2]))
        if item == "*deleting" { return path.hasSuffix("/") ? nil : .init(action: .delete, path: path, bytes: 0) }
        guard item.count >= 2, item.first == "<" || item.first == ">", item.dropFirst().first == "f" else { return nil }
        return .init(action: item.contains("+++") ? .add : .change, path: path, bytes: size)
    }
}
