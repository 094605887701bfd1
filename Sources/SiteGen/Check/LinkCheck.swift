import Foundation

/// Follows every internal link and image in the built pages: the target file
/// must exist, and a `#fragment` must name an id on the target page.
struct LinkCheck {
    let output: URL
    let site: Site
    /// Output file → content file, to blame the Markdown rather than the page.
    let sources: [String: String]
    let io: FileIO

    struct ExternalReference: Sendable {
        var url: String
        var page: String
        /// An `<img>`'s source: `--external` also weighs it against `images.budget_kb`.
        var isImage = false
    }

    private(set) var externalReferences: [ExternalReference] = []

    init(output: URL, site: Site, sources: [String: String], io: FileIO) {
        self.output = output
        self.site = site
        self.sources = sources
        self.io = io
    }

    mutating func run() -> [SiteError] {
        let root = output.path
        let files = Set(io.listFiles(root, root))
        var scans: [String: HTMLScan] = [:]
        for file in files where file.hasSuffix(".html") {
            guard let data = try? io.read(root + "/" + file) else { continue }
            scans[file] = HTMLScan(String(decoding: data, as: UTF8.self))
        }
        var findings: [SiteError] = []
        var external: [ExternalReference] = []
        let basePath = site.config.baseURL.basePath
        let siteRoot = site.config.baseURL.root
        for (page, scan) in scans.sorted(by: { $0.key < $1.key }) {
            // Alias pages only point at their target; the 404 page is served from anywhere.
            for reference in scan.references {
                var value = reference.value
                if value.hasPrefix(siteRoot) { value = basePath + value.dropFirst(siteRoot.count) }
                let lower = value.lowercased()
                if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                    if reference.tag == "a" || reference.tag == "img" { external.append(.init(url: value, page: page, isImage: reference.tag == "img")) }
                    continue
                }
                if lower.hasPrefix("mailto:") || lower.hasPrefix("tel:") || lower.hasPrefix("data:") || value.hasPrefix("//") || value.isEmpty {
                    continue
                }
                if let problem = problem(with: value, on: page, basePath: basePath, files: files, scans: scans) {
                    findings.append(blame(page: page, link: reference.value, problem: problem))
                }
            }
        }
        externalReferences = external
        return findings
    }

    /// Why a link does not resolve, or nil when it does.
    func problem(with link: String, on page: String, basePath: String, files: Set<String>, scans: [String: HTMLScan]) -> Message? {
        var rest = link
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = String(rest[..<hash])
        }
        if let query = rest.firstIndex(of: "?") { rest = String(rest[..<query]) }
        guard let decoded = URLPath.decode(rest) else { return Message("link.invalid") }
        var target: String
        if decoded.isEmpty {
            target = page
        } else if decoded.hasPrefix("/") {
            guard decoded.hasPrefix(basePath) else { return Message("link.outside_base", ["base": basePath]) }
            target = String(decoded.dropFirst(basePath.count))
        } else {
            let folder = (page as NSString).deletingLastPathComponent
            target = ((folder.isEmpty ? "" : folder + "/") + decoded)
        }
        target = Self.normalize(target)
        if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
        if !files.contains(target), files.contains(target + "/index.html") { target += "/index.html" }
        guard files.contains(target) else { return Message("link.nowhere") }
        if let fragment, !fragment.isEmpty, let scan = scans[target] {
            let id = URLPath.decode(fragment) ?? fragment
            if !scan.ids.contains(id) { return Message("link.no_such_id", ["id": id, "page": target]) }
        }
        return nil
    }

    /// Resolves `.` and `..` segments; a path climbing above the root stays at the root.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return parts.joined(separator: "/") + (path.hasSuffix("/") && !parts.isEmpty ? "/" : "")
    }

    /// A finding on the content file that made the page (with the line of the link)
    /// or, for pages the theme makes, on the output page.
    func blame(page: String, link: String, problem: Message) -> SiteError {
        let display = URLPath.decode(link) ?? link
        if let source = sources[page], let file = (site.posts.map(\.file) + site.pages.map(\.file)).first(where: { $0.source == source }) {
            let written = display.hasPrefix(site.config.baseURL.basePath) && site.config.baseURL.basePath != "/"
                ? "/" + display.dropFirst(site.config.baseURL.basePath.count) : display
            let line = ContentLints.line(of: written, in: file) ?? ContentLints.line(of: String(written.split(separator: "#").first ?? ""), in: file)
            return SiteError(file: source, line: line, Message("link.problem", ["link": display, "problem": problem]))
        }
        if let source = sources[page], let data = try? io.read(site.root + "/" + source) {
            // A data file (services.yml): point at the line that holds the link.
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let line = lines.firstIndex { $0.contains(display) }.map { $0 + 1 }
            return SiteError(file: source, line: line, Message("link.problem", ["link": display, "problem": problem]))
        }
        return SiteError(file: "Templates (page \(page))", Message("link.problem", ["link": display, "problem": problem]),
                         hint: Message("link.from_theme.hint"))
    }
}
