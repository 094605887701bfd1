import Foundation
import SiteGen

/// The site committed to a branch of a git repository (GitHub Pages' `gh-pages`), with the
/// system's git and its own credentials (ssh keys, the credential helper). The commit is made
/// in a bare repository of sitegen's (`.sitegen-cache/deploy/NAME.git`), read from the output
/// folder through a separate index: nothing is written into the site, no checkout is made.
/// Its tree is the site plus `.nojekyll` (GitHub Pages publishes `_`-folders as they are) and
/// `CNAME` (the site's own domain); a tree equal to the branch's is no commit at all.
struct GitDeploy {
    let deploy: Deploy
    let repository: String
    let branch: String

    private var gitDir: String { deploy.stateFolder.appendingPathComponent("\(deploy.target.name).git").path }
    private var remoteRef: String { "refs/remotes/deploy/\(branch)" }

    private func git(_ arguments: [String], index: String? = nil, input: Data? = nil) -> ExternalCommand {
        var environment = ["GIT_TERMINAL_PROMPT": "0"]
        if let index { environment["GIT_INDEX_FILE"] = index }
        return ExternalCommand("git", ["--git-dir=\(gitDir)", "-c", "core.excludesFile=/dev/null", "-c", "core.quotePath=false"] + arguments,
                               environment: environment, input: input)
    }

    func run(progress: @escaping @Sendable (Message) -> Void) throws -> DeploySummary {
        var summary = DeploySummary(target: deploy.target.name, dryRun: deploy.dryRun)
        try FileManager.default.createDirectory(atPath: deploy.stateFolder.path, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: gitDir + "/HEAD") {
            try ExternalCommand("git", ["init", "-q", "--bare", gitDir]).succeed()
        }
        // The branch as the remote has it now (none yet on a first deploy).
        progress(Message("deploy.git.fetching", ["branch": branch]))
        let heads = try git(["ls-remote", "--heads", repository, "refs/heads/\(branch)"]).succeed()
        var parent: String?
        if !heads.isEmpty {
            try git(["fetch", "-q", "--depth=1", repository, "+refs/heads/\(branch):\(remoteRef)"]).succeed()
            parent = try git(["rev-parse", remoteRef]).succeed().trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // The site's tree, through an index of its own.
        let index = gitDir + "/sitegen-index"
        try? FileManager.default.removeItem(atPath: index)
        defer { try? FileManager.default.removeItem(atPath: index) }
        try ExternalCommand("git", ["--git-dir=\(gitDir)", "--work-tree=\(deploy.output.path)", "-c", "core.excludesFile=/dev/null",
                                    "add", "-A", "--force", "."], environment: ["GIT_INDEX_FILE": index]).succeed()
        let files = SiteFiles(deploy.output)
        var extras: [(String, String)] = [(".nojekyll", "")]
        if let domain = Self.customDomain(deploy.baseURL), !files.paths.contains("CNAME") { extras.append(("CNAME", domain + "\n")) }
        for (name, text) in extras where !files.paths.contains(name) {
            let blob = try git(["hash-object", "-w", "--stdin"], input: Data(text.utf8)).succeed().trimmingCharacters(in: .whitespacesAndNewlines)
            try git(["update-index", "--add", "--cacheinfo", "100644,\(blob),\(name)"], index: index).succeed()
        }
        let tree = try git(["write-tree"], index: index).succeed().trimmingCharacters(in: .whitespacesAndNewlines)

        // What changed, file by file (`-z`: names as they are, Japanese included).
        let emptyTree = try git(["hash-object", "-t", "tree", "-w", "--stdin"], input: Data()).succeed().trimmingCharacters(in: .whitespacesAndNewlines)
        let base = parent ?? emptyTree
        let diff = try git(["diff-tree", "-r", "-z", "--no-renames", "--name-status", base, tree]).succeed()
        let fields = diff.split(separator: "\0", omittingEmptySubsequences: true).map(String.init)
        for pair in stride(from: 0, to: fields.count - 1, by: 2) {
            let path = fields[pair + 1]
            switch fields[pair] {
            case "A": summary.changes.append(.init(action: .add, path: path, bytes: files.size(path)))
            case "D": summary.changes.append(.init(action: .delete, path: path, bytes: 0))
            default: summary.changes.append(.init(action: .change, path: path, bytes: files.size(path)))
            }
        }
        guard !summary.changes.isEmpty, !deploy.dryRun else { return summary }

        let identity = try git(["config", "user.email"]).run().status == 0 ? [:] : [
            "GIT_AUTHOR_NAME": "sitegen", "GIT_AUTHOR_EMAIL": "sitegen@localhost", "GIT_COMMITTER_NAME": "sitegen", "GIT_COMMITTER_EMAIL": "sitegen@localhost",
        ]
        var commitTree = git(["commit-tree", tree, "-m", "Site built by sitegen"] + (parent.map { ["-p", $0] } ?? []))
        commitTree.environment.merge(identity) { _, new in new }
        let commit = try commitTree.succeed().trimmingCharacters(in: .whitespacesAndNewlines)
        progress(Message("deploy.git.pushing", ["files": summary.changes.count, "branch": branch]))
        try git(["push", "-q", repository, "\(commit):refs/heads/\(branch)"]).succeed()
        try git(["update-ref", remoteRef, commit]).succeed()
        return summary
    }

    /// The host of a site on a domain of its own (not `*.github.io`, not a local address): GitHub Pages' `CNAME`.
    static func customDomain(_ baseURL: String) -> String? {
        guard let host = URL(string: baseURL)?.host?.lowercased(), host.contains("."),
              !host.hasSuffix(".github.io"), host != "localhost", !host.hasPrefix("127.") else { return nil }
        return host
    }
}
