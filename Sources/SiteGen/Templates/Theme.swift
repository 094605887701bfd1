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
    /// Hash of every template and string: a page rendered through a changed theme is stale.
    public var fingerprint: UInt64 {
        var hasher = StableHasher()
        hasher.combine(value: texts)
        hasher.combine(value: strings)
        return hasher.value
    }

    static let folder = "Templates"

    public static func load(root: String, language: Language, io: FileIO = .disk) throws -> Theme {
        var library = MustacheLibrary()
        var names = Set<String>()
        var layouts = Set<String>()
        var references: [(name: String, file: String, line: Int)] = []
        var texts: [String: String] = [:]
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
                guard let text = String(validating: try io.read(themeRoot + "/" + relative), as: UTF8.self) else {
                    throw SiteError(file: display, message: "is not valid UTF-8 text")
                }
                do {
                    library.register(try MustacheTemplate(string: text), named: name)
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
        return Theme(library: library, layouts: layouts, strings: strings, texts: texts)
    }

    /// `{{> name}}` and `{{< name}}` tags with their lines.
    static func references(in text: String) -> [(name: String, line: Int)] {
        var found: [(String, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                let trimmed = rest.drop(while: { $0 == " " })
                guard let sigil = trimmed.first, sigil == ">" || sigil == "<",
                      let close = trimmed.range(of: "}}") else { continue }
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close.lowerBound]
                    .trimmingCharacters(in: .whitespaces)
                if !name.isEmpty && !name.hasPrefix("*") { found.append((name, index + 1)) }
            }
        }
        return found
    }

    static func loadStrings(root: String, language: Language, io: FileIO) throws -> [String: String] {
        let display = "\(folder)/strings/\(language.rawValue).yml"
        let path = root + "/" + display
        guard io.exists(path), let text = String(validating: try io.read(path), as: UTF8.self) else {
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
        library.render(context, withTemplate: layout) ?? ""
    }

    /// Renders a partial on its own, with the UI strings as `t` (cards and the in-article
    /// ad are rendered once and put into pages as HTML).
    func render(partial name: String, _ values: [String: Any]) -> String {
        library.render(values.merging(["t": strings]) { a, _ in a }, withTemplate: name) ?? ""
    }

    public func string(_ key: String) -> String { strings[key] ?? key }
}
