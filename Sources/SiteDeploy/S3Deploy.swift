import AsyncHTTPClient
import Foundation
import SiteGen

/// The site uploaded to an S3 bucket (AWS S3, Cloudflare R2, any S3-compatible endpoint):
/// the bucket's listing compared with the site by MD5 (S3's ETag of an object put whole),
/// only new and changed files put, then files the site no longer has deleted (after the
/// uploads, so no page links a file that is gone). Each file gets its Content-Type (text in
/// UTF-8) and a Cache-Control: a year and immutable for content-hashed names
/// (`photo.800w.1a2b3c4d.webp`), five minutes for pages, feeds and data, an hour for the rest.
struct S3Deploy {
    let deploy: Deploy
    let settings: DeployTarget.S3Settings
    /// Uploads in flight at once.
    static let parallel = 6

    func run(progress: @escaping @Sendable (Message) -> Void) async throws -> DeploySummary {
        let environment = deploy.environment
        let region = settings.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        let signer = SignatureV4(credentials: try AWSCredentials.find(environment), region: region)
        // Made only once nothing before can throw: a client must be shut down, never just dropped.
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let s3 = S3Client(settings: settings, signer: signer, http: client)
        do {
            let summary = try await send(s3, progress: progress)
            try await client.shutdown()
            return summary
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func send(_ s3: S3Client, progress: @escaping @Sendable (Message) -> Void) async throws -> DeploySummary {
        let remote: [String: S3Client.RemoteObject]
        do { remote = try await s3.list() } catch {
            throw SiteError(file: "s3://\(settings.bucket)/\(settings.prefix)", Message("deploy.s3.list_failed", ["problem": "\(error)"]))
        }
        let files = SiteFiles(deploy.output)
        let summary = DeploySummary(target: deploy.target.name, dryRun: deploy.dryRun, local: try files.md5s(),
                                    remote: remote.mapValues(\.etag), files: files, delete: deploy.delete)
        guard !deploy.dryRun else { return summary }

        let uploads = summary.changes.filter { $0.action != .delete }
        let counter = Counter()
        let total = uploads.count
        try await Self.forEach(uploads, parallel: Self.parallel) { change in
            let data = try files.data(change.path)
            try await Self.retrying(change.path) {
                try await s3.put(change.path, data: data, contentType: MediaType.forPath(change.path), cacheControl: Self.cacheControl(change.path))
            }
            if let (done, bytes) = counter.add(data.count) {
                progress(Message("deploy.upload_progress", ["done": done, "total": total, "megabytes": String(format: "%.1f", Double(bytes) / 1_048_576)]))
            }
        }
        try await Self.forEach(summary.changes.filter { $0.action == .delete }, parallel: Self.parallel) { change in
            try await Self.retrying(change.path) { try await s3.delete(change.path) }
        }
        return summary
    }

    /// Two more tries for what failed on the service's side; then an error naming the file.
    static func retrying(_ path: String, _ body: () async throws -> Void) async throws {
        var attempt = 0
        while true {
            do { return try await body() } catch {
                attempt += 1
                let transient = (error as? S3Client.S3Failure)?.isTransient ?? !(error is S3Client.S3Failure)
                guard transient, attempt < 3 else {
                    throw SiteError(file: path, Message("deploy.s3.failed", ["problem": "\(error)"]), hint: Message("deploy.rerun"))
                }
                try await Task.sleep(nanoseconds: UInt64(attempt) * 500_000_000)
            }
        }
    }

    /// Runs `body` for each item, `parallel` at a time. An item that fails does not stop the
    /// others (a rerun then has only the failed ones to send); the failures are thrown at the end.
    static func forEach<T: Sendable>(_ items: [T], parallel: Int, _ body: @escaping @Sendable (T) async throws -> Void) async throws {
        let failures = try await withThrowingTaskGroup(of: SiteError?.self) { group in
            var next = 0
            func start() {
                let item = items[next]
                next += 1
                group.addTask {
                    do { try await body(item) } catch let error as SiteError { return error }
                    return nil
                }
            }
            while next < min(parallel, items.count) { start() }
            var failures: [SiteError] = []
            while let result = try await group.next() {
                if let result { failures.append(result) }
                if next < items.count { start() }
            }
            return failures
        }
        if failures.count == 1 { throw failures[0] }
        if failures.count > 1 { throw BuildFailure(failures.sorted { $0.file < $1.file }) }
    }

    /// A year, immutable, for names that carry their content's hash; five minutes for pages,
    /// feeds and data (they change at every post); an hour for the rest.
    static func cacheControl(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let parts = name.split(separator: ".")
        if parts.count >= 3, parts.dropFirst().dropLast().contains(where: { $0.count >= 8 && $0.allSatisfy(\.isHexDigit) }) {
            return "public, max-age=31536000, immutable"
        }
        let ext = (name as NSString).pathExtension.lowercased()
        return ["html", "xml", "json", "txt", ""].contains(ext) ? "public, max-age=300" : "public, max-age=3600"
    }

    /// Files and bytes sent so far, told at most once a second.
    private final class Counter: @unchecked Sendable { // its fields are touched only under `lock`
        private let lock = NSLock()
        private var files = 0, bytes = 0
        private var last = Date()
        func add(_ count: Int) -> (Int, Int)? {
            lock.lock()
            defer { lock.unlock() }
            files += 1
            bytes += count
            guard Date().timeIntervalSince(last) >= 1 else { return nil }
            last = Date()
            return (files, bytes)
        }
    }
}
