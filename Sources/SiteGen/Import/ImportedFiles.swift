import Foundation

/// The files an import writes into a sitegen site: never over one that exists unless
/// `force`, each write or copy counted, each file left alone named.
struct ImportedFiles {
    let destination: URL
    let force: Bool
    private(set) var copied = 0
    private(set) var skipped: [String] = []

    init(destination: URL, force: Bool) {
        self.destination = destination
        self.force = force
    }

    /// Writes `text` at `relative` unless a file is there (or `replacing`: a file this import
    /// wrote itself); whether it was written.
    @discardableResult
    mutating func write(_ relative: String, _ text: String, replacing: Bool = false) throws -> Bool {
        try place(relative, replacing: replacing) { try Data(text.utf8).write(to: $0) }
    }

    /// Writes bytes (a downloaded image) at `relative` unless a file is there.
    @discardableResult
    mutating func write(_ relative: String, data: Data) throws -> Bool {
        try place(relative) { try data.write(to: $0) }
    }

    /// Copies a file (an image, a PDF…) to `relative` unless a file is there.
    mutating func copy(_ from: URL, to relative: String) throws {
        if try place(relative, { url in
            try? FileManager.default.removeItem(at: url)
            try FileManager.default.copyItem(at: from, to: url)
        }) { copied += 1 }
    }

    private mutating func place(_ relative: String, replacing: Bool = false, _ make: (URL) throws -> Void) throws -> Bool {
        let url = destination.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: url.path) && !force && !replacing {
            skipped.append(relative)
            return false
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try make(url)
        } catch {
            throw SiteError(file: relative, Message("file.unwritable", ["problem": error.localizedDescription]))
        }
        return true
    }

    /// Old addresses no post holds as an alias (term pages, `/?p=ID`) into the site.yml this
    /// import wrote (`ownsSettings`), else into `NAME-redirects.yml` beside `Content/` (not
    /// published) to copy by hand. How many, and whether they wait to be copied.
    mutating func redirects(_ redirects: [(from: String, to: String)], from generator: String, ownsSettings: Bool) throws -> (count: Int, byHand: Bool) {
        var seen = Set<String>()
        let unique = redirects.filter { $0.from != $0.to && seen.insert($0.from).inserted }.sorted { $0.from < $1.from }
        guard !unique.isEmpty else { return (0, false) }
        let block = "redirects:\n" + unique.map { "  \(NewContent.yamlString($0.from)): \(NewContent.yamlString($0.to))" }.joined(separator: "\n") + "\n"
        guard !ownsSettings else {
            let url = destination.appendingPathComponent("Content/site.yml")
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            try write("Content/site.yml", text + "# Old addresses of the \(generator) site that no post answers for.\n" + block, replacing: true)
            return (unique.count, false)
        }
        try write("\(generator.lowercased())-redirects.yml", "# Copy into Content/site.yml: old addresses of the \(generator) site.\n" + block)
        return (unique.count, true)
    }

    /// The default theme, where the site has none yet.
    mutating func themeIfMissing() throws {
        guard !FileManager.default.fileExists(atPath: destination.appendingPathComponent("Templates").path),
              let theme = BundledTheme.folder else { return }
        try SiteSkeleton.copyTheme(theme) { relative, text in try write(relative, text) }
    }
}
