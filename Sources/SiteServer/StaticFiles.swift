import Foundation
import SiteGen

/// Maps a request path to a file in the served folder, refusing anything that
/// would leave it: `..` (also percent-encoded), NUL, and symlinks that point out.
public struct StaticFiles: Sendable {
    public enum Resolution: Equatable, Sendable {
        case file(String)
        /// A folder asked for without its trailing slash: relative links need it.
        case redirect(String)
        case forbidden
        case notFound
    }

    /// The served folder, symlinks resolved.
    public let root: String
    /// The path the site lives under (`/blog/`), from its base URL.
    public let basePath: String

    public init(root: String, basePath: String = "/") {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        self.basePath = basePath
    }

    public func resolve(_ requestPath: String) -> Resolution {
        let pathOnly = String(requestPath.prefix { $0 != "?" && $0 != "#" })
        guard let decoded = URLPath.decode(pathOnly), !decoded.contains("\0"), !decoded.contains("\\") else { return .forbidden }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return .forbidden }
        guard decoded.hasPrefix(basePath) || decoded + "/" == basePath else { return .notFound }
        if decoded + "/" == basePath { return .redirect(basePath) }
        let relative = String(decoded.dropFirst(basePath.count))
        let fm = FileManager.default
        var candidate = root + "/" + relative
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
            if !decoded.hasSuffix("/") { return .redirect(URLPath.encode(decoded + "/")) }
            candidate += (candidate.hasSuffix("/") ? "" : "/") + "index.html"
        }
        guard fm.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue else { return .notFound }
        // A symlink inside the folder may point anywhere; serve it only if it stays inside.
        let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard real.hasPrefix(root + "/") else { return .forbidden }
        return .file(real)
    }

    /// The site's 404 page, if the build wrote one.
    public var notFoundPage: String? {
        let path = root + "/404.html"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
