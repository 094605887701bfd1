import Foundation

/// The write stage. Files go into a staging folder beside the output folder;
/// only a build that finished is swapped into place, so a failed or interrupted
/// build leaves the previous site as it was. Nothing is written outside it.
public final class OutputFolder: @unchecked Sendable {
    public let destination: URL
    let staging: URL
    private let lock = NSLock()
    private var written = Set<String>()
    /// Folders already created in the staging folder: thousands of pages share a few hundred.
    private var folders = Set<String>()
    public private(set) var pagesWritten = 0
    public private(set) var filesCopied = 0

    /// Creates the staging folder, after refusing destinations that would destroy
    /// the user's sources.
    public init(destination: URL, source: URL) throws {
        try Self.checkSafe(destination: destination, source: source)
        self.destination = destination.standardizedFileURL
        let parent = self.destination.deletingLastPathComponent()
        self.staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).sitegen-tmp-\(ProcessInfo.processInfo.processIdentifier)")
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            Self.removeStaleStaging(beside: self.destination)
            if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw SiteError(file: destination.path, message: "the output folder could not be prepared: \(error.localizedDescription)")
        }
    }

    /// An interrupted build (killed, power cut) leaves its staging folder behind;
    /// the next build removes those whose process is gone.
    static func removeStaleStaging(beside destination: URL) {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let prefixes = [".\(destination.lastPathComponent).sitegen-tmp-", ".\(destination.lastPathComponent).sitegen-old-"]
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let prefix = prefixes.first(where: { name.hasPrefix($0) }),
                  let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) == -1, errno == ESRCH else { continue }
            try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    static func checkSafe(destination: URL, source: URL) throws {
        let out = destination.standardizedFileURL.resolvingSymlinksInPath().path
        let src = source.standardizedFileURL.resolvingSymlinksInPath().path
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.resolvingSymlinksInPath().path
        let forbidden = [src, src + "/Content", src + "/Templates", src + "/Sources", home, "/"]
        if forbidden.contains(out) || src.hasPrefix(out + "/") {
            throw SiteError(file: destination.path,
                            message: "refusing to use this as the output folder: the build replaces the whole folder, and it holds your sources",
                            hint: "choose a folder of its own, such as Public/")
        }
    }

    /// The absolute staging path for a relative output path, or an error when the
    /// path would leave the output folder.
    func target(_ relative: String) throws -> URL {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0"),
              !parts.contains(where: { $0 == ".." || $0 == "." }) else {
            throw SiteError(file: relative, message: "this output path would leave the output folder",
                            hint: "slugs, aliases and permalinks may not contain `..` or start with `/` on their own")
        }
        return staging.appendingPathComponent(relative)
    }

    /// Writes a generated file (a page, feed, sitemap…).
    public func write(_ relative: String, _ contents: String, isPage: Bool = true) throws {
        let url = try target(relative)
        try claim(relative)
        try createParent(of: url)
        do { try Data(contents.utf8).write(to: url) } catch {
            throw SiteError(file: relative, message: "could not be written: \(error.localizedDescription)")
        }
        lock.withLock { if isPage { pagesWritten += 1 } }
    }

    /// Copies a file as it is.
    public func copy(from source: String, to relative: String) throws {
        let url = try target(relative)
        try claim(relative)
        try createParent(of: url)
        do {
            // A copy, not a hard link: an edit made in the output must never reach the sources.
            try FileManager.default.copyItem(atPath: source, toPath: url.path)
        } catch {
            throw SiteError(file: source, message: "could not be copied: \(error.localizedDescription)")
        }
        lock.withLock { filesCopied += 1 }
    }

    private func claim(_ relative: String) throws {
        let inserted = lock.withLock { written.insert(relative).inserted }
        guard inserted else {
            throw SiteError(file: relative, message: "two parts of the site write this same file",
                            hint: "a page, post slug or alias uses a URL the site already has; rename one")
        }
    }

    private func createParent(of url: URL) throws {
        let folder = url.deletingLastPathComponent().path
        guard lock.withLock({ !folders.contains(folder) }) else { return }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw SiteError(file: url.deletingLastPathComponent().lastPathComponent,
                            message: "the folder could not be created: \(error.localizedDescription)")
        }
        lock.withLock { _ = folders.insert(folder) }
    }

    /// Puts the finished build in place of the old one.
    public func commit() throws {
        let fm = FileManager.default
        let old = staging.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).sitegen-old-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            if fm.fileExists(atPath: old.path) { try fm.removeItem(at: old) }
            if fm.fileExists(atPath: destination.path) { try fm.moveItem(at: destination, to: old) }
            try fm.moveItem(at: staging, to: destination)
            if fm.fileExists(atPath: old.path) { Self.removeTree(old.path) }
        } catch {
            throw SiteError(file: destination.path, message: "the new build could not be moved into place: \(error.localizedDescription)")
        }
    }

    /// Throws the staging folder away; the previous output stays untouched.
    public func discard() {
        Self.removeTree(staging.path)
    }

    /// Deletes a folder tree without following links. FileManager took a second for
    /// 1,600 files (it stats every entry twice); readdir with unlink/rmdir does not.
    static func removeTree(_ path: String) {
        guard let folder = opendir(path) else {
            unlink(path)
            return
        }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
        }
        closedir(folder)
        rmdir(path)
    }
}
