import Foundation
import SiteGen

/// The site sent to a host that offers SFTP only (no shell, so no rsync), with the system's
/// sftp in batch mode and ssh's own keys and `~/.ssh/config`. SFTP cannot compare files, so
/// the target keeps a list of what it holds: `.sitegen-manifest` in the destination folder,
/// each file's path and MD5. A deploy reads it, sends the files whose MD5 differs, removes
/// the ones the site no longer has, and writes the list anew last: a deploy cut short sends
/// again, on the next run, whatever it had not confirmed.
struct SftpDeploy {
    let deploy: Deploy
    /// `user@host:folder` (the folder relative to the login's home, or absolute).
    let destination: String
    let port: Int?
    static let manifestName = ".sitegen-manifest"

    var host: String { String(destination.prefix { $0 != ":" }) }
    var folder: String {
        let path = String(destination.drop { $0 != ":" }.dropFirst())
        return path.isEmpty ? "." : (path.hasSuffix("/") ? String(path.dropLast()) : path)
    }

    /// sftp with ssh's settings: `SITEGEN_SSH_CONFIG` names an ssh config file to use instead of `~/.ssh/config`.
    func sftp(_ batch: String) -> ExternalCommand {
        var arguments = ["-b", "-", "-o", "BatchMode=yes"]
        if let port { arguments += ["-P", String(port)] }
        if let config = deploy.environment["SITEGEN_SSH_CONFIG"] { arguments += ["-F", config] }
        return ExternalCommand("sftp", arguments + ["--", host], input: Data(batch.utf8))
    }

    func run(progress: @escaping @Sendable (Message) -> Void) throws -> DeploySummary {
        let scratch = deploy.stateFolder.appendingPathComponent("\(deploy.target.name)-sftp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let remoteList = scratch.appendingPathComponent("remote-manifest")
        try? FileManager.default.removeItem(at: remoteList)
        // `-` before a command: its failure (no list yet, on a first deploy) does not stop the batch.
        try sftp("-get \(Self.quoted(folder + "/" + Self.manifestName)) \(Self.quoted(remoteList.path))\n").succeed()
        let remote = Self.parse((try? String(contentsOf: remoteList, encoding: .utf8)) ?? "")

        let files = SiteFiles(deploy.output)
        var manifest = try files.md5s()
        let summary = DeploySummary(target: deploy.target.name, dryRun: deploy.dryRun, local: manifest, remote: remote, files: files, delete: deploy.delete)
        guard !deploy.dryRun, !summary.changes.isEmpty else { return summary }

        // Files the target keeps (--no-delete) stay in its list, so a later deploy still removes them.
        if !deploy.delete { manifest.merge(remote) { own, _ in own } }
        let listFile = scratch.appendingPathComponent("manifest")
        try Data(manifest.keys.sorted().map { "\(manifest[$0]!)  \($0)" }.joined(separator: "\n").utf8).write(to: listFile)
        var batch: [String] = []
        var made = Set<String>()
        for change in summary.changes where change.action != .delete {
            // Each folder on the way, made where missing (`-`: one that exists is no error).
            var parent = ""
            for part in change.path.split(separator: "/").dropLast() {
                parent += (parent.isEmpty ? "" : "/") + part
                if made.insert(parent).inserted { batch.append("-mkdir \(Self.quoted(folder + "/" + parent))") }
            }
            batch.append("put \(Self.quoted(deploy.output.appendingPathComponent(change.path).path)) \(Self.quoted(folder + "/" + change.path))")
        }
        for change in summary.changes where change.action == .delete { batch.append("-rm \(Self.quoted(folder + "/" + change.path))") }
        batch.append("put \(Self.quoted(listFile.path)) \(Self.quoted(folder + "/" + Self.manifestName))")
        // sftp echoes each command as it starts it: the files sent so far, in the batch's order.
        let sizes = summary.changes.filter { $0.action != .delete }.map(\.bytes)
        var sent = 0, bytes = 0
        var lastReport = Date()
        try sftp(batch.joined(separator: "\n") + "\n").succeed { line in
            guard line.hasPrefix("sftp> put "), sent < sizes.count else { return }
            bytes += sizes[sent]
            sent += 1
            if Date().timeIntervalSince(lastReport) > 1 {
                lastReport = Date()
                progress(Message("deploy.upload_progress", ["done": sent, "total": sizes.count, "megabytes": String(format: "%.1f", Double(bytes) / 1_048_576)]))
            }
        }
        return summary
    }

    /// `MD5  path` lines.
    static func parse(_ text: String) -> [String: String] {
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            entries[String(parts[1].drop { $0 == " " })] = String(parts[0])
        }
        return entries
    }

    /// A path as sftp's batch reads it: in double quotes, with `"` and `\` escaped.
    static func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
