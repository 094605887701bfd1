import Foundation

/// `deploy:` in site.yml: where `sitegen deploy` sends the built site, by name, in the order
/// written (`sitegen deploy` alone takes the first). Addresses only: credentials come from the
/// environment or each tool's own files (`~/.aws/credentials`, ssh keys, git's credential
/// helper) and are refused here, so a site.yml can be committed and shown.
///
/// ```yaml
/// deploy:
///   pages: { type: git, repository: git@github.com:aoi/aoi.github.io.git, branch: gh-pages }
///   r2: { type: s3, bucket: blog, endpoint: https://ACCOUNT.r2.cloudflarestorage.com, region: auto }
///   xserver: { type: rsync, destination: "aoi@sv1.xserver.jp:example.com/public_html/", port: 10022 }
///   lolipop: { type: sftp, destination: "aoi@ssh.lolipop.jp:web/", port: 2222 }
/// ```
public struct DeployTarget: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Commits the site to `branch` of `repository` (GitHub Pages and the like).
        case git(repository: String, branch: String)
        /// Uploads what changed to an S3 bucket (AWS, Cloudflare R2, any S3-compatible endpoint).
        case s3(S3Settings)
        /// rsync over ssh to a rental server.
        case rsync(destination: String, port: Int?)
        /// sftp to a host that offers SFTP only.
        case sftp(destination: String, port: Int?)
    }

    public struct S3Settings: Sendable, Equatable {
        public var bucket: String
        /// nil: `AWS_REGION`, `AWS_DEFAULT_REGION`, or us-east-1.
        public var region: String?
        /// nil: AWS's own (`https://s3.REGION.amazonaws.com`).
        public var endpoint: String?
        /// A folder of the bucket to put the site in (`blog/`); empty for the bucket's root.
        public var prefix: String
        /// Whether the bucket is named in the path (`ENDPOINT/BUCKET/KEY`) rather than the host; by default
        /// in the path for an endpoint of one's own (R2, MinIO, an emulator), in the host for AWS.
        public var pathStyle: Bool
    }

    public var name: String
    public var kind: Kind

    /// Keys that would hold a secret: never read from site.yml.
    static let secretKeys = ["secret", "secret_key", "secret_access_key", "access_key", "access_key_id", "password", "token", "key"]

    static func load(_ yaml: YAMLMap) throws -> [DeployTarget] {
        guard let map = try yaml.map("deploy") else { return [] }
        return try map.keys.map { name in
            guard let target = try map.map(name) else { throw map.error(name, Message("deploy.no_settings")) }
            if let secret = secretKeys.first(where: { target.keys.contains($0) }) {
                throw target.error(secret, Message("deploy.secret_in_settings"))
            }
            switch try target.string("type") {
            case "git":
                guard let repository = try target.string("repository"), !repository.isEmpty else {
                    throw map.error(name, Message("deploy.missing", ["key": "repository"]))
                }
                // `https://user:token@host/…` would put a secret in site.yml (and in logs).
                if let url = URLComponents(string: repository), url.password != nil {
                    throw target.error("repository", Message("deploy.secret_in_settings"))
                }
                return DeployTarget(name: name, kind: .git(repository: repository, branch: try target.string("branch") ?? "gh-pages"))
            case "s3":
                guard let bucket = try target.string("bucket"), !bucket.isEmpty else {
                    throw map.error(name, Message("deploy.missing", ["key": "bucket"]))
                }
                let endpoint = try target.string("endpoint")
                if let endpoint, !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) || URL(string: endpoint)?.host == nil {
                    throw target.error("endpoint", Message("deploy.bad_endpoint", ["value": SafeURL.shown(endpoint)]))
                }
                var prefix = (try target.string("prefix") ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                if !prefix.isEmpty { prefix += "/" }
                return DeployTarget(name: name, kind: .s3(S3Settings(
                    bucket: bucket, region: try target.string("region"), endpoint: endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
                    prefix: prefix, pathStyle: try target.bool("path_style") ?? (endpoint != nil))))
            case let type? where type == "rsync" || type == "sftp":
                guard let destination = try target.string("destination"), !destination.isEmpty else {
                    throw map.error(name, Message("deploy.missing", ["key": "destination"]))
                }
                // A destination that ssh or rsync would read as an option; sftp needs a host.
                guard !destination.hasPrefix("-"), type == "rsync" || destination.contains(":") else {
                    throw target.error("destination", Message("deploy.bad_destination"))
                }
                let port = try target.int("port")
                return DeployTarget(name: name, kind: type == "rsync" ? .rsync(destination: destination, port: port) : .sftp(destination: destination, port: port))
            case let other:
                throw map.error(name, Message("deploy.unknown_type", ["type": other ?? ""]))
            }
        }
    }
}
