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

    /// The default theme, where the site has none yet.
    mutating func themeIfMissing() throws {
        guard !FileManager.default.fileExists(atPath: destination.appendingPathComponent("Templates").path),
              let theme = BundledTheme.folder else { return }
        try SiteSkeleton.copyTheme(theme) { relative, text in try write(relative, text) }
    }
}
