import Foundation

/// The theme in `Templates/`: Mustache layouts and partials, parsed once (`MustacheParser`)
/// and rendered over typed values (`TemplateRenderer`), and the UI strings for the site's language.
public struct Theme: Sendable {
    public let layouts: Set<String>
    /// UI strings (続きを読む / Read more…) for the site's language.
    public let strings: [String: String]
    /// Template name → its text, for checks such as "does the theme show the PR notice".
    public let texts: [String: String]
    /// The shortcodes the theme has a template for (`shortcodes/figure.mustache` → `figure`).
    public var shortcodes: Set<String> {
        Set(texts.keys.filter { $0.hasPrefix("shortcodes/") }.map { String($0.dropFirst("shortcodes/".count)) })
    }
    /// The shortcodes the default theme has templates for.
    static var bundledShortcodes: Set<String> {
        guard let folder = BundledTheme.folder?.appendingPathComponent("shortcodes").resolvingSymlinksInPath() else { return [] }
        return Set(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) })
    }
    /// Hash of the shortcode templates: a body that uses them is rendered again when one changes.
    var shortcodesFingerprint: UInt64 {
        var hasher = StableHasher()
        hasher.combine(value: texts.filter { $0.key.hasPrefix("shortcodes/") })
        return hasher.value
    }
    /// The ids the templates write as they are (`id="main"`): a heading in a post never takes one.
    public var ids: [String] {
        let pattern = #/\bid="([A-Za-z][A-Za-z0-9_-]*)"/#
        return Set(texts.values.flatMap { $0.matches(of: pattern).map { String($0.1) } }).sorted()
    }
    let renderer: TemplateRenderer
    /// `strings`, converted once (a copy per rendering thread, see `PerThread`).
    private let perThreadStrings: PerThread<TemplateValue>
    var stringsValue: TemplateValue { perThreadStrings.value }
    /// Hash of every template and string: a page rendered through a changed theme is stale.
    public var fingerprint: UInt64 {
        var hasher = StableHasher()
        hasher.combine(value: texts)
        hasher.combine(value: strings)
        return hasher.value
    }

    static let folder = "Templates"

    public static func load(root: String, language: Language, io: FileIO = .disk) throws -> Theme {
        var names = Set<String>()
        var layouts = Set<String>()
        var references: [(name: String, file: String, line: Int)] = []
        var texts: [String: String] = [:]
        var parsed: [String: CompiledTemplate] = [:]
        var errors: [SiteError] = []
        let themeRoot = root + "/" + folder
        guard io.exists(themeRoot) else {
            throw SiteError(file: folder, Message("theme.missing", ["folder": root]))
        }
        for relative in io.listFiles(themeRoot, root) where relative.hasSuffix(".mustache") {
            let display = folder + "/" + relative
            // Layouts are registered by bare name (`post`), because Mustache's closing
            // tags (`{{/base}}`) cannot contain a slash; partials keep theirs (`partials/head`).
            var name = String(relative.dropLast(".mustache".count))
            let isLayout = name.hasPrefix("layouts/")
            if isLayout { name = String(name.dropFirst("layouts/".count)) }
            do {
                guard let text = String(validUTF8: try io.read(themeRoot + "/" + relative)) else {
                    throw SiteError(file: display, Message("file.not_utf8"))
                }
                do {
                    let (template, named) = try MustacheParser.parse(text)
                    parsed[name] = template
                    references += named.map { ($0.name, display, $0.line) }
                } catch {
                    throw SiteError(file: display, line: error.line, column: error.column, Message("theme.syntax", ["problem": error.message]))
                }
                names.insert(name)
                texts[name] = text
                if isLayout { layouts.insert(name) }
            } catch let error as SiteError {
                errors.append(error)
            } catch {
                errors.append(SiteError(file: display, Message("file.unreadable", ["problem": error.localizedDescription])))
            }
        }
        // swift-mustache renders a missing partial as nothing; a theme typo should fail the build instead.
        for reference in references where !names.contains(reference.name) {
            errors.append(SiteError(file: reference.file, line: reference.line,
                                    Message("theme.no_partial", ["name": reference.name, "folder": folder,
                                                                 "file": "\(folder)/\(reference.name.contains("/") ? reference.name : "layouts/" + reference.name).mustache"])))
        }
        let strings: [String: String]
        do {
            strings = try loadStrings(root: root, language: language, io: io)
        } catch let error as SiteError {
            errors.append(error)
            strings = [:]
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        return Theme(layouts: layouts, strings: strings, texts: texts,
                     renderer: TemplateRenderer(templates: parsed), perThreadStrings: PerThread(TemplateValue(strings), slot: "strings", copy: \.copy))
    }

    static func loadStrings(root: String, language: Language, io: FileIO) throws -> [String: String] {
        let display = "\(folder)/strings/\(language.rawValue).yml"
        let path = root + "/" + display
        guard io.exists(path), let text = String(validUTF8: try io.read(path)) else {
            throw SiteError(file: display, Message("theme.no_strings", ["language": language.rawValue]))
        }
        return try YAMLMap.parse(text, file: display).stringTable()
    }

    /// Renders a template as bytes (empty when there is no such template).
    func render(_ name: String, _ root: TemplateValue) -> [UInt8] {
        renderer.render(name, root) ?? []
    }

    /// Renders a partial on its own, with the UI strings as `t` (cards and the in-article
    /// ad are rendered once and put into pages as HTML).
    func render(partial name: String, _ root: TemplateValue) -> String {
        String(decoding: render(name, root.adding(["t": stringsValue]) ?? root), as: UTF8.self)
    }

    public func string(_ key: String) -> String { strings[key] ?? key }
}
