import Foundation
import Testing
import TOMLKit
import Yams
@testable import SiteDeploy
@testable import SiteGen

/// `sitegen deploy`: a fixture site built and sent to a local bare git repository, a local S3
/// (moto, with signatures and policies checked) and a local sshd, each twice (the second time
/// sends nothing) and after a post is removed (its page is deleted from the target).
@Suite struct DeployTests {
    /// AWS's published example (Signature V4 for S3, "GET Bucket (List Objects)").
    @Test func signaturesMatchAWSsExample() {
        let signer = SignatureV4(credentials: AWSCredentials(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 region: "us-east-1")
        let headers = signer.headers(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/", query: [("max-keys", "2"), ("prefix", "J")],
                                     payload: Data(), date: Date(timeIntervalSince1970: 1_369_353_600))
        let authorization = headers.first { $0.0 == "authorization" }?.1 ?? ""
        #expect(authorization.hasSuffix("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"), "\(authorization)")
        #expect(SignatureV4.encode("tags/納期/index.html", keepingSlash: true) == "tags/%E7%B4%8D%E6%9C%9F/index.html")
    }

    /// The same request signed by botocore (AWS's own Python signer): a Japanese key, a query,
    /// a body. moto's server cannot check keys outside ASCII (it refuses boto3's own), so they are checked here.
    @Test func signaturesMatchBotocoresForJapaneseKeys() throws {
        let signer = SignatureV4(credentials: AWSCredentials(accessKey: "AKIDEXAMPLE", secretKey: "secret/with+chars"), region: "auto")
        let path = "/blog/" + SignatureV4.encode("tags/納期 と 仮払い/index.html", keepingSlash: true)
        let headers = signer.headers(method: "PUT", host: "127.0.0.1:9000", path: path, query: [("x-id", "PutObject")], payload: Data("本文".utf8),
                                     date: Date(timeIntervalSince1970: 1_700_000_000))
        let ours = headers.first { $0.0 == "authorization" }?.1 ?? ""
        let theirs = try LocalService.run(["python3", "-c", """
            from botocore.auth import S3SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            request = AWSRequest(method="PUT", url="http://127.0.0.1:9000\(path)?x-id=PutObject", data="本文".encode())
            auth = S3SigV4Auth(Credentials("AKIDEXAMPLE", "secret/with+chars"), "s3", "auto")
            request.context["timestamp"] = "20231114T221320Z"
            request.context["payload_signing_enabled"] = True
            auth._modify_request_before_signing(request)
            canonical = auth.canonical_request(request)
            print(auth.signature(auth.string_to_sign(request, canonical), request))
            """]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(ours.hasSuffix("Signature=" + theirs), "\(ours) vs \(theirs)")
    }

    static func site() throws -> TestSite {
        let site = try TestSite()
        try site.post("first-brief", title: "最初の依頼", date: "2026-01-10")
        try site.post("escrow", title: "仮払い", date: "2026-01-11")
        try site.build()
        return site
    }

    func deploy(_ site: TestSite, _ target: DeployTarget, dryRun: Bool = false, delete: Bool = true, environment: [String: String] = [:]) async throws -> DeploySummary {
        var deploy = Deploy(target: target, output: site.output, stateFolder: site.root.appendingPathComponent(".sitegen-cache/.deploy"),
                            baseURL: "https://blog.example.jp/", dryRun: dryRun, delete: delete)
        deploy.environment.merge(environment) { _, new in new }
        return try await deploy.run()
    }

    /// Cloned fresh: the branch as a visitor's host would publish it.
    func branch(_ repository: URL) throws -> URL {
        let clone = repository.deletingLastPathComponent().appendingPathComponent("clone-\(UUID().uuidString)")
        try LocalService.run(["git", "clone", "-q", "-b", "gh-pages", repository.path, clone.path])
        return clone
    }

    @Test func gitCommitsTheSiteToABranchOnlyWhenItChanged() async throws {
        let site = try Self.site()
        let repository = site.root.appendingPathComponent("remote.git")
        try LocalService.run(["git", "init", "-q", "--bare", repository.path])
        let target = DeployTarget(name: "pages", kind: .git(repository: repository.path, branch: "gh-pages"))

        let dry = try await deploy(site, target, dryRun: true)
        #expect(dry.sent > 10 && dry.changes.contains { $0.path == "posts/escrow/index.html" && $0.action == .add })
        #expect(throws: LocalService.Failure.self) { try branch(repository) } // nothing pushed

        let first = try await deploy(site, target)
        #expect(first.sent == dry.sent && first.deleted == 0)
        var clone = try branch(repository)
        #expect(try String(contentsOf: clone.appendingPathComponent("posts/escrow/index.html"), encoding: .utf8).contains("仮払い"))
        #expect(try String(contentsOf: clone.appendingPathComponent("CNAME"), encoding: .utf8) == "blog.example.jp\n")
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent(".nojekyll").path))
        // Twice: nothing changed, no commit.
        #expect(try await deploy(site, target).changes.isEmpty)
        #expect(try LocalService.run(["git", "-C", clone.path, "rev-list", "--count", "origin/gh-pages"]).hasPrefix("1"))

        // A post removed: its page is deleted from the branch, in a second commit.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/escrow.md"))
        try site.build()
        let third = try await deploy(site, target)
        #expect(third.changes.contains { $0.path == "posts/escrow/index.html" && $0.action == .delete })
        clone = try branch(repository)
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent("posts/escrow/index.html").path))
        #expect(try LocalService.run(["git", "-C", clone.path, "rev-list", "--count", "HEAD"]).hasPrefix("2"))
    }

    /// A local sshd with a host key and a client key made here, and an ssh config file that
    /// reaches it (what `SITEGEN_SSH_CONFIG` names).
    struct SSHServer {
        let service: LocalService
        let user: String
        let environment: [String: String]

        init(in folder: URL) throws {
            let keys = folder.appendingPathComponent("ssh")
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            try LocalService.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.appendingPathComponent("host").path])
            try LocalService.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.appendingPathComponent("client").path])
            try FileManager.default.copyItem(at: keys.appendingPathComponent("client.pub"), to: keys.appendingPathComponent("authorized_keys"))
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            user = try LocalService.run(["id", "-un"]).trimmingCharacters(in: .whitespacesAndNewlines)
            service = try LocalService(["/usr/sbin/sshd", "-D", "-e", "-p", "{port}", "-o", "ListenAddress=127.0.0.1", "-h", keys.appendingPathComponent("host").path,
                                        "-o", "AuthorizedKeysFile=\(keys.path)/authorized_keys", "-o", "StrictModes=no", "-o", "PasswordAuthentication=no",
                                        "-o", "PermitRootLogin=prohibit-password", "-o", "PidFile=none"])
            let config = keys.appendingPathComponent("config")
            try Data("""
                Host 127.0.0.1
                  IdentityFile \(keys.path)/client
                  StrictHostKeyChecking no
                  UserKnownHostsFile /dev/null
                  LogLevel ERROR

                """.utf8).write(to: config)
            environment = ["SITEGEN_SSH_CONFIG": config.path]
        }
    }

    /// rsync over the local sshd: the dry run sends nothing, the second deploy nothing, a
    /// removed post's page is kept with --no-delete and deleted without.
    @Test func rsyncSendsWhatChangedOverSSH() async throws {
        _ = try await overSSH(folder: "public_html") { .rsync(destination: $0, port: $1) }
    }

    /// sftp only (batch mode), with the list of what the target holds kept beside the site.
    @Test func sftpSendsWhatChangedByItsList() async throws {
        let (site, served) = try await overSSH(folder: "web") { .sftp(destination: $0, port: $1) }
        defer { _ = site }
        #expect(try String(contentsOf: served.appendingPathComponent(".sitegen-manifest"), encoding: .utf8).contains("  posts/first-brief/index.html"))
    }

    /// A site sent to a folder of the local sshd by the target `kind` makes (from `user@127.0.0.1:FOLDER/` and the port).
    func overSSH(folder: String, _ kind: (String, Int) -> DeployTarget.Kind) async throws -> (TestSite, URL) {
        let site = try Self.site()
        let ssh = try SSHServer(in: site.root)
        let served = site.root.appendingPathComponent("server/" + folder)
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let target = DeployTarget(name: folder, kind: kind("\(ssh.user)@127.0.0.1:\(served.path)/", ssh.service.port))
        try await sendsWhatChanged(site, target, served: served, environment: ssh.environment)
        return (site, served)
    }

    /// What every file target must do, checked on the folder the server writes into.
    func sendsWhatChanged(_ site: TestSite, _ target: DeployTarget, served: URL, environment: [String: String]) async throws {
        // Japanese paths too (moto's S3 cannot check their signatures, so they are tried here).
        try site.post("deadline", title: "納期の話", date: "2026-01-12", extra: "tags: [納期 と 仮払い]")
        try site.build()
        let dry = try await deploy(site, target, dryRun: true, environment: environment)
        let before = try FileManager.default.contentsOfDirectory(atPath: served.path)
        #expect(dry.sent > 10 && before.isEmpty)
        let first = try await deploy(site, target, environment: environment)
        #expect(first.sent == dry.sent, "\(first.sent) vs \(dry.sent)")
        #expect(try String(contentsOf: served.appendingPathComponent("posts/escrow/index.html"), encoding: .utf8).contains("仮払い"))
        #expect(try String(contentsOf: served.appendingPathComponent("tags/index.html"), encoding: .utf8) == (try site.read("tags/index.html")))
        let tagPage = try #require(FileManager.default.subpathsOfDirectory(atPath: site.output.path).first { $0.hasPrefix("tags/納期") && $0.hasSuffix("index.html") })
        #expect(try String(contentsOf: served.appendingPathComponent(tagPage), encoding: .utf8).contains("納期の話"))
        #expect(try await deploy(site, target, environment: environment).changes.isEmpty)

        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/escrow.md"))
        try site.build()
        let kept = try await deploy(site, target, delete: false, environment: environment)
        #expect(kept.deleted == 0 && FileManager.default.fileExists(atPath: served.appendingPathComponent("posts/escrow/index.html").path))
        let removed = try await deploy(site, target, environment: environment)
        #expect(removed.changes.contains { $0.path == "posts/escrow/index.html" && $0.action == .delete }, "\(removed.changes)")
        #expect(!FileManager.default.fileExists(atPath: served.appendingPathComponent("posts/escrow/index.html").path))
        #expect(try await deploy(site, target, environment: environment).changes.isEmpty)
    }

    /// moto's S3 on 127.0.0.1, checking signatures and a policy that refuses `deny/*`: the
    /// failed upload names its file, the rerun (policy lifted) sends only what was missing.
    @Test func s3UploadsWhatChangedWithTypesAndCaching() async throws {
        let emulator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/s3-emulator.py").path
        let moto = try LocalService(["python3", emulator, "serve", "{port}"])
        let port = "\(moto.port)"
        let keys = try LocalService.run(["python3", emulator, "setup", port, "blog"]).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let credentials = ["AWS_ACCESS_KEY_ID": keys[0], "AWS_SECRET_ACCESS_KEY": keys[1]]
        let site = try Self.site()
        try site.write("Content/deny/refused.txt", "refused")
        try site.build()
        let target = DeployTarget(name: "r2", kind: .s3(.init(bucket: "blog", region: "us-east-1", endpoint: "http://127.0.0.1:\(port)", prefix: "", pathStyle: true)))

        // No credentials: a clear error, nothing sent.
        await #expect(throws: SiteError.self) { try await deploy(site, target, environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]) }
        do {
            _ = try await deploy(site, target, environment: credentials)
            Issue.record("the refused upload did not fail the deploy")
        } catch let error as SiteError {
            #expect(error.file == "deny/refused.txt" && error.message.contains("AccessDenied"), "\(error)")
        }
        try LocalService.run(["python3", emulator, "allow", port])
        let rerun = try await deploy(site, target, environment: credentials)
        #expect(rerun.changes.map(\.path) == ["deny/refused.txt"], "\(rerun.changes)")
        #expect(try await deploy(site, target, environment: credentials).changes.isEmpty)

        func head(_ key: String) throws -> String { try LocalService.run(["python3", emulator, "head", port, "blog", key]) }
        #expect(try head("posts/escrow/index.html").contains(#""type": "text/html; charset=utf-8", "cache": "public, max-age=300""#))
        #expect(try head("feed.xml").contains("charset=utf-8"))
        #expect(S3Deploy.cacheControl("images/photo.800w.1a2b3c4d.webp") == "public, max-age=31536000, immutable")

        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/posts/escrow.md"))
        try site.build()
        let dry = try await deploy(site, target, dryRun: true, environment: credentials)
        #expect(dry.changes.contains { $0.path == "posts/escrow/index.html" && $0.action == .delete })
        let kept = try await deploy(site, target, delete: false, environment: credentials)
        #expect(kept.deleted == 0 && kept.kept >= 1)
        _ = try await deploy(site, target, environment: credentials)
        let remaining = try LocalService.run(["python3", emulator, "keys", port, "blog"])
        #expect(!remaining.contains("posts/escrow/") && remaining.contains("posts/first-brief/index.html"))
    }

    /// `deploy:` in site.yml: targets by name in order; a secret, an unknown type or a missing
    /// address is an error at its line.
    @Test func deploySettingsAreReadAndSecretsRefused() throws {
        let site = try TestSite(config: TestSite.defaultConfig + """

            deploy:
              pages: { type: git, repository: "git@github.com:aoi/aoi.github.io.git" }
              r2: { type: s3, bucket: blog, endpoint: "https://acc.r2.cloudflarestorage.com", region: auto, prefix: /blog/ }
              xserver: { type: rsync, destination: "aoi@sv1.xserver.jp:example.com/public_html/", port: 10022 }
            """)
        let config = try SiteLoader(root: site.root.path, options: ContentOptions()).loadConfig()
        #expect(config.deploy.map(\.name) == ["pages", "r2", "xserver"])
        #expect(try Deploy.target(nil, in: config.deploy).kind == .git(repository: "git@github.com:aoi/aoi.github.io.git", branch: "gh-pages"))
        guard case .s3(let r2) = try Deploy.target("r2", in: config.deploy).kind else { Issue.record("not s3"); return }
        #expect(r2.prefix == "blog/" && r2.pathStyle && r2.region == "auto")
        #expect(throws: SiteError.self) { try Deploy.target("nowhere", in: config.deploy) }

        for (bad, line, words) in [
            ("deploy:\n  r2:\n    type: s3\n    bucket: b\n    secret_access_key: abc\n", 12, "would put a secret in site.yml"),
            ("deploy:\n  pages: { type: git, repository: \"https://aoi:ghp_token@github.com/aoi/site.git\" }\n", 9, "would put a secret in site.yml"),
            ("deploy:\n  ftp: { type: ftp }\n", 9, "sitegen deploys with git, s3, rsync or sftp"),
        ] {
            let broken = try TestSite(config: TestSite.defaultConfig + "\n" + bad)
            let errors = broken.buildErrors()
            #expect(errors.contains { $0.file == "Content/site.yml" && $0.line == line && $0.message.contains(words) }, "\(errors)")
        }
    }

    /// `sitegen init` writes a GitHub Pages workflow and a netlify.toml that parse, and run
    /// the documented command.
    @Test func initWritesHostingFilesThatParse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try SiteSkeleton.write(to: folder, force: false)
        #expect(written.contains(".github/workflows/pages.yml") && written.contains("netlify.toml"))
        let workflow = try #require(try Yams.load(yaml: String(contentsOf: folder.appendingPathComponent(".github/workflows/pages.yml"), encoding: .utf8)) as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let build = try #require(jobs["build"] as? [String: Any])
        let steps = try #require(build["steps"] as? [[String: Any]])
        let commands = steps.compactMap { $0["run"] as? String }
        #expect(commands.contains { $0.hasPrefix("sitegen build") }, "\(commands)")
        #expect(steps.contains { ($0["uses"] as? String)?.hasPrefix("actions/upload-pages-artifact") == true && ($0["with"] as? [String: Any])?["path"] as? String == "Public" })
        #expect(((jobs["deploy"] as? [String: Any])?["steps"] as? [[String: Any]])?.first?["uses"] as? String == "actions/deploy-pages@v4")
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md"), encoding: .utf8)
        #expect(readme.contains("sitegen build --base-url"), "the workflow's build command is documented")
        let netlify = try TOMLTable(string: String(contentsOf: folder.appendingPathComponent("netlify.toml"), encoding: .utf8))
        #expect(netlify["build"]?["publish"]?.string == "Public")
    }
}
