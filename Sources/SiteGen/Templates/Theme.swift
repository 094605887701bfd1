import Foundation
import Mustache

/// The theme in `Templates/`: Mustache layouts and partials, parsed once, and
/// the UI strings for the site's language.
public struct Theme: Sendable {
    public let library: MustacheLibrary
    public let layouts: Set<String>
    /// UI strings (続きを読む / Read more…) for the site's language.
    public let strings: [String: String]
    /// Template name → its text, for checks such as "does the theme show the PR notice".
    public let texts: [String: String]
    /// Renders every template over typed values (see `CompiledTemplate`); nil when the
    /// theme uses something only swift-mustache renders, or when asked to use it.
    let renderer: TemplateRenderer?
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

    /// Who renders the templates: the typed renderer (the default), or swift-mustache
    /// itself (the reference the tests compare it with).
    enum Engine: Sendable { case compiled, swiftMustache }

    public static func load(root: String, language: Language, io: FileIO = .disk) throws -> Theme {
        try load(root: root, language: language, io: io, engine: .compiled)
    }

    static func load(root: String, language: Language, io: FileIO, engine: Engine) throws -> Theme {
        var library = MustacheLibrary()
        var names = Set<String>()
        var layouts = Set<String>()
        var references: [(name: String, file: String, line: Int)] = []
        var texts: [String: String] = [:]
        var parsed: [String: MustacheTemplate] = [:]
        var errors: [SiteError] = []
        let themeRoot = root + "/" + folder
        guard io.exists(themeRoot) else {
            throw SiteError(file: folder, message: "the theme folder was not found in \(root)",
                            hint: "copy the default Templates/ folder next to Content/ (sitegen init writes one)")
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
                    throw SiteError(file: display, message: "is not valid UTF-8 text")
                }
                do {
                    let template = try MustacheTemplate(string: text)
                    library.register(template, named: name)
                    parsed[name] = template
                } catch let error as MustacheTemplate.ParserError {
                    throw SiteError(file: display, line: error.context.lineNumber, column: error.context.columnNumber,
                                    message: "template syntax: \(error.error) in `\(error.context.line.trimmingCharacters(in: .whitespaces))`",
                                    hint: "check that every {{#section}} has a matching {{/section}}")
                }
                names.insert(name)
                texts[name] = text
                if isLayout { layouts.insert(name) }
                references += Self.references(in: text).map { ($0.name, display, $0.line) }
            } catch let error as SiteError {
                errors.append(error)
            } catch {
                errors.append(SiteError(file: display, message: "could not be read: \(error.localizedDescription)"))
            }
        }
        // swift-mustache renders a missing partial as nothing; a theme typo should fail the build instead.
        for reference in references where !names.contains(reference.name) {
            errors.append(SiteError(file: reference.file, line: reference.line,
                                    message: "refers to the template `\(reference.name)`, which is not in \(folder)/",
                                    hint: "create \(folder)/\(reference.name.contains("/") ? reference.name : "layouts/" + reference.name).mustache or correct the name"))
        }
        let strings: [String: String]
        do {
            strings = try loadStrings(root: root, language: language, io: io)
        } catch let error as SiteError {
            errors.append(error)
            strings = [:]
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        var renderer: TemplateRenderer?
        if engine == .compiled {
            var compiled: [String: CompiledTemplate] = [:]
            for (name, template) in parsed { compiled[name] = CompiledTemplate.compile(template) }
            if compiled.count == parsed.count {
                renderer = TemplateRenderer(templates: compiled)
            }
        }
        return Theme(library: library, layouts: layouts, strings: strings, texts: texts,
                     renderer: renderer, perThreadStrings: PerThread(TemplateValue(strings), slot: "strings", copy: \.copy))
    }

    /// `{{> name}}` and `{{< name}}` tags with their lines, found in the bytes (Foundation's
    /// `range(of:)` on each line cost more than parsing the template).
    static func references(in text: String) -> [(name: String, line: Int)] {
        var found: [(String, Int)] = []
        text.withUTF8Bytes { bytes in
            let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
            var line = 1, i = 0
            while i + 1 < bytes.count {
                if bytes[i] == newline { line += 1; i += 1; continue }
                guard bytes[i] == open, bytes[i + 1] == open else { i += 1; continue }
                var j = i + 2
                while j < bytes.count, bytes[j] == space { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: "<") else { i += 2; continue }
                // The name runs to the tag's `}}` on the same line.
                var end = j + 1
                while end + 1 < bytes.count, bytes[end] != newline, !(bytes[end] == close && bytes[end + 1] == close) { end += 1 }
                guard end + 1 < bytes.count, bytes[end] == close else { i = j + 1; continue }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(j + 1)..<end]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                if !name.isEmpty && !name.hasPrefix("*") { found.append((name, line)) }
                i = end + 2
            }
        }
        return found
    }

    static func loadStrings(root: String, language: Language, io: FileIO) throws -> [String: String] {
        let display = "\(folder)/strings/\(language.rawValue).yml"
        let path = root + "/" + display
        guard io.exists(path), let text = String(validUTF8: try io.read(path)) else {
            throw SiteError(file: display, message: "the UI strings for `\(language.rawValue)` were not found",
                            hint: "the theme needs a strings file per site language")
        }
        let yaml = try YAMLMap.parse(text, file: display)
        var strings: [String: String] = [:]
        for key in yaml.keys { strings[key] = try yaml.string(key) }
        return strings
    }

    /// Renders a layout; the caller has checked the layout exists.
    public func render(layout: String, context: [String: Any]) -> String {
        String(decoding: render(layout, context), as: UTF8.self)
    }

    /// Renders a template as bytes: typed when the theme allows it, else by swift-mustache.
    /// With the typed renderer, `context` may hold values already converted (`TemplateValue`).
    func render(_ name: String, _ context: [String: Any]) -> [UInt8] {
        render(name, root: renderer == nil ? nil : TemplateValue(context), context: context)
    }

    /// The same, with the context already converted (`root`) for the typed renderer.
    func render(_ name: String, root: TemplateValue?, context: [String: Any]) -> [UInt8] {
        if let renderer, let root, let bytes = renderer.render(name, root) { return bytes }
        return Array((library.render(context, withTemplate: name) ?? "").utf8)
    }

    /// Renders a partial on its own, with the UI strings as `t` (cards and the in-article
    /// ad are rendered once and put into pages as HTML).
    func render(partial name: String, _ values: [String: Any]) -> String {
        let t: Any = renderer == nil ? strings : stringsValue
        return String(decoding: render(name, values.merging(["t": t]) { a, _ in a }), as: UTF8.self)
    }

    /// The same from values converted already (typed renderer only).
    func render(partial name: String, root: TemplateValue) -> String {
        String(decoding: render(name, root: root.adding(["t": stringsValue]), context: [:]), as: UTF8.self)
    }

    public func string(_ key: String) -> String { strings[key] ?? key }
}
