import Crypto
import Foundation
import SiteGen

/// `sitegen deploy [NAME]`: the built site (the output folder, as the last build left it) sent
/// to a target of site.yml's `deploy:`. Every target sends only what changed, so a second
/// deploy sends nothing; `dryRun` lists what would change and changes nothing; a failure names
/// the file and why, and running it again finishes the job.
public struct Deploy: Sendable {
    public var target: DeployTarget
    /// The built site.
    public var output: URL
    /// Where a target keeps its state between deploys (the git target's repository): the
    /// site's `.sitegen-cache/deploy/`.
    public var stateFolder: URL
    /// The site's address, for GitHub Pages' `CNAME`.
    public var baseURL: String
    public var dryRun = false
    /// Whether files the site no longer has are removed from the target.
    public var delete = true
    /// Where credentials and tool settings are read (`AWS_*`, `RSYNC_RSH`): the process's own.
    public var environment = ProcessInfo.processInfo.environment

    public init(target: DeployTarget, output: URL, stateFolder: URL, baseURL: String, dryRun: Bool = false, delete: Bool = true) {
        self.target = target
        self.output = output.standardizedFileURL
        self.stateFolder = stateFolder
        self.baseURL = baseURL
        self.dryRun = dryRun
        self.delete = delete
    }

    /// The target of `name`, or the first one; an error that lists the names otherwise.
    public static func target(_ name: String?, in targets: [DeployTarget]) throws -> DeployTarget {
        guard !targets.isEmpty else { throw SiteError(file: "Content/site.yml", Message("deploy.no_targets")) }
        guard let name else { return targets[0] }
        guard let target = targets.first(where: { $0.name == name }) else {
            throw SiteError(file: "Content/site.yml", Message("deploy.unknown_target", ["name": name, "names": targets.map(\.name).joined(separator: ", ")]))
        }
        return target
    }

    /// Sends the site; `progress` is told how far a long upload is.
    public func run(progress: @escaping @Sendable (Message) -> Void = { _ in }) async throws -> DeploySummary {
        guard FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path) else {
            throw SiteError(file: output.lastPathComponent, Message("deploy.not_built"))
        }
        switch target.kind {
        case .git(let repository, let branch):
            return try await Self.offThePool { try GitDeploy(deploy: self, repository: repository, branch: branch).run(progress: progress) }
        case .rsync(let destination, let port):
            return try await Self.offThePool { try RsyncDeploy(deploy: self, destination: destination, port: port).run(progress: progress) }
        case .sftp(let destination, let port):
            return try await Self.offThePool { try SftpDeploy(deploy: self, destination: destination, port: port).run(progress: progress) }
        case .s3(let settings):
            return try await S3Deploy(deploy: self, settings: settings).run(progress: progress)
        }
    }
}

extension Deploy {
    /// Work that waits on other programs, on a thread of its own: Swift's shared threads
    /// (one per core) are never held while git or rsync runs.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// What a deploy did (or, dry, would do).
public struct DeploySummary: Sendable {
    public enum Action: String, Sendable { case add = "+", change = "~", delete = "-" }
    public struct Change: Sendable, Equatable {
        public var action: Action
        /// The site path of the file (`tags/納期/index.html`).
        public var path: String
        public var bytes: Int
    }

    public var target: String
    public var dryRun: Bool
    /// Every file that was (or would be) added, changed or deleted, by path.
    public var changes: [Change] = []
    /// Files the target keeps that the site no longer has (`--no-delete`).
    public var kept = 0

    public var sent: Int { changes.filter { $0.action != .delete }.count }
    public var sentBytes: Int { changes.filter { $0.action != .delete }.reduce(0) { $0 + $1.bytes } }
    public var deleted: Int { changes.filter { $0.action == .delete }.count }
}

extension DeploySummary {
    /// The changes that make a target holding `remote` (each file's MD5, by path) hold the
    /// site's files (`local`, the same): new and changed files, then those the site no longer
    /// has (deleted, or with `delete` false counted as kept). For the targets that compare by MD5.
    init(target: String, dryRun: Bool, local: [String: String], remote: [String: String], files: SiteFiles, delete: Bool) {
        self.init(target: target, dryRun: dryRun)
        for path in files.paths where remote[path] != local[path] {
            changes.append(.init(action: remote[path] == nil ? .add : .change, path: path, bytes: files.size(path)))
        }
        let gone = remote.keys.filter { local[$0] == nil }.sorted()
        if delete { changes += gone.map { .init(action: .delete, path: $0, bytes: 0) } } else { kept = gone.count }
    }
}

/// The built site's files, by site path, with their sizes.
struct SiteFiles {
    let root: URL
    let paths: [String]

    init(_ root: URL) {
        self.root = root
        paths = FileIO.disk.listFiles(root.path, root.path).sorted()
    }

    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Each file's MD5 in hex (S3's ETag of an object put whole), by path.
    func md5s() throws -> [String: String] {
        var sums: [String: String] = [:]
        for path in paths { sums[path] = SignatureV4.hex(Insecure.MD5.hash(data: try data(path))) }
        return sums
    }

    func data(_ path: String) throws -> Data {
        do { return try Data(contentsOf: root.appendingPathComponent(path)) } catch {
            throw SiteError(file: path, Message("file.unreadable", ["problem": error.localizedDescription]))
        }
    }
}
