import Foundation
@testable import SiteGen

/// A throwaway site in a temp folder: write a few files, build, read what came out.
/// Uses the project's real `Templates/`, so tests see what users get.
final class TestSite {
    let root: URL
    var output: URL { root.appendingPathComponent("Public") }

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixed "now", so future-post tests do not depend on the day they run.
    static let now = DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!).parse("2026-11-29 12:00")!

    init(config: String = TestSite.defaultConfig, theme: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content/posts"), withIntermediateDirectories: true)
        try write("Content/site.yml", config)
        if theme {
            // Templates/ in the repository is a link to the bundled theme; copy what it points at.
            try FileManager.default.copyItem(at: Self.repoRoot.appendingPathComponent("Templates").resolvingSymlinksInPath(),
                                             to: root.appendingPathComponent("Templates"))
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    static let defaultConfig = """
    title: テストのブログ
    description: テスト用のサイトです。
    language: ja
    base_url: https://example.com/
    posts_per_page: 3
    author:
      name: 書き手
    """

    func write(_ relative: String, _ text: String) throws {
        try Self.write(text, at: root.appendingPathComponent(relative))
    }

    /// Writes a file, making its folders (fixture sites of other generators, too).
    static func write(_ text: String, at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Writes a post with front matter built from the given lines.
    func post(_ name: String, title: String, date: String = "2026-01-10", extra: String = "", body: String = "本文です。") throws {
        try write("Content/posts/\(name).md", """
        ---
        title: \(Self.yamlQuoted(title))
        date: \(date)
        \(extra)
        ---
        \(body)
        """)
    }

    /// A YAML double-quoted string; control characters are written as `\uXXXX` escapes.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE {
                    out += "\\u" + String(format: "%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @discardableResult
    func build(drafts: Bool = false, future: Bool = false, baseURL: String? = nil) throws -> BuildReport {
        try Builder.build(BuildOptions(source: root, output: output, baseURL: baseURL,
                                       content: ContentOptions(includeDrafts: drafts, includeFuture: future, now: Self.now)))
    }

    /// The errors a build that should fail reports.
    func buildErrors() -> [SiteError] {
        do {
            try build()
            return []
        } catch let failure as BuildFailure {
            return failure.errors
        } catch let error as SiteError {
            return [error]
        } catch {
            return [SiteError(file: "?", Message("file.failed", ["problem": "unexpected \(error)"]))]
        }
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(relative).path)
    }

    /// Every file in the output, relative paths, sorted.
    func outputFiles() -> [String] {
        let base = output.standardizedFileURL.resolvingSymlinksInPath().path
        guard let e = FileManager.default.enumerator(atPath: base) else { return [] }
        return e.compactMap { $0 as? String }.filter {
            var dir: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + $0, isDirectory: &dir) && !dir.boolValue
        }.sorted()
    }
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }

    /// The text between the first `start` and the next `end`.
    func between(_ start: String, _ end: String) -> String? {
        guard let a = range(of: start), let b = self[a.upperBound...].range(of: end) else { return nil }
        return String(self[a.upperBound..<b.lowerBound])
    }
}
