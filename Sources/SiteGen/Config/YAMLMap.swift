import Yams

/// A YAML mapping read from a named file, with typed getters whose errors name
/// the file, the line and the key. Front matter, site.yml and data files all
/// read through this, so every YAML mistake is reported the same way.
// Yams' nodes are immutable values once composed; Yams just does not mark them Sendable.
public struct YAMLMap: @unchecked Sendable {
    public let file: String
    /// Lines before the YAML text in its file (front matter starts after `---`).
    public let lineOffset: Int
    let mapping: Node.Mapping
    /// The values by their key's text, found once: Yams looks a key up by building a
    /// node and comparing it with each key, half of reading a front matter.
    private let values: [String: Node]

    init(file: String, lineOffset: Int, mapping: Node.Mapping) {
        self.file = file
        self.lineOffset = lineOffset
        self.mapping = mapping
        var values: [String: Node] = [:]
        values.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard let text = key.scalar?.string, values[text] == nil else { continue }
            values[text] = value
        }
        self.values = values
    }

    /// Tags plain scalars with the bool rule only. The getters read text, numbers and
    /// nulls from the scalar's text (Yams' `Int` and `NSNull` constructors ignore the tag;
    /// its `Bool` one needs it), and each other rule is a regular expression run on every
    /// scalar: a tenth of loading a 10,000-post site.
    static let resolver = Resolver.basic.appending(.bool)

    static func empty(file: String, lineOffset: Int) -> YAMLMap { YAMLMap(file: file, lineOffset: lineOffset, mapping: [:]) }

    /// Parses YAML text whose top level must be a mapping (empty text is an empty mapping).
    public static func parse(_ text: String, file: String, lineOffset: Int = 0) throws -> YAMLMap {
        let node: Node?
        do {
            // The encoding given: by default Yams reads the process environment on every parse.
            node = try Yams.compose(yaml: text, resolver, .default, .utf8)
        } catch let error as YamlError {
            throw Self.describe(error, file: file, lineOffset: lineOffset)
        } catch {
            throw SiteError(file: file, message: "could not read YAML: \(error)")
        }
        guard let node else { return YAMLMap(file: file, lineOffset: lineOffset, mapping: [:]) }
        if case .scalar(let scalar) = node, scalar.string.trimmingCharacters(in: .whitespaces).isEmpty || node.null != nil {
            return YAMLMap(file: file, lineOffset: lineOffset, mapping: [:])
        }
        guard let mapping = node.mapping else {
            throw SiteError(file: file, line: node.mark.map { $0.line + lineOffset },
                            message: "expected `key: value` lines here",
                            hint: "YAML here is a set of `key: value` lines, such as `title: 私の記事`")
        }
        return YAMLMap(file: file, lineOffset: lineOffset, mapping: mapping)
    }

    static func describe(_ error: YamlError, file: String, lineOffset: Int) -> SiteError {
        let hint = "check the indentation and quoting near this line; text containing `: ` or starting with `[`, `{`, `*`, `&` or `#` needs quotes"
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            // "while parsing a flow sequence": the context mark is where the unclosed `[`
            // opened, which is the line to fix; the problem mark is only where it was noticed.
            if let context, context.mark.line < mark.line {
                return SiteError(file: file, line: context.mark.line + lineOffset, column: context.mark.column,
                                 message: "invalid YAML: \(what) (noticed on line \(mark.line + lineOffset))", hint: hint)
            }
            return SiteError(file: file, line: mark.line + lineOffset, column: mark.column,
                             message: "invalid YAML: \(what)", hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SiteError(file: file, line: context.mark.line + lineOffset,
                             message: "the key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) is given twice",
                             hint: "keep one of them")
        case .reader(let problem, let offset, _, let yaml):
            // The reader reports a character offset; turn it into the line a writer can find.
            let line = offset.map { yaml.prefix($0).filter(\.isNewline).count + 1 + lineOffset }
            return SiteError(file: file, line: line, message: "could not read YAML: \(problem)",
                             hint: problem.contains("control") ? "remove the invisible control character on this line (or write it as \\u0001 inside double quotes)" : "save the file as UTF-8")
        default:
            return SiteError(file: file, message: "invalid YAML: \(error)", hint: hint)
        }
    }

    public var keys: [String] { mapping.keys.compactMap(\.string) }

    /// The line this mapping starts on, for errors about a key that is missing.
    public var firstLine: Int? { mapping.keys.first?.mark.map { $0.line + lineOffset } }

    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The line a key's value starts on, for error messages.
    public func line(of key: String) -> Int? {
        guard let node = values[key] else { return nil }
        return node.mark.map { $0.line + lineOffset }
    }

    func error(_ key: String, _ message: String, hint: String? = nil) -> SiteError {
        SiteError(file: file, line: line(of: key), message: "`\(key)`: \(message)", hint: hint)
    }

    func value(_ key: String) -> Node? {
        // `key:` and `key: ~` mean "not given".
        guard let node = values[key], node.null == nil else { return nil }
        return node
    }

    /// A text value. Numbers and booleans are accepted as their text.
    public func string(_ key: String) throws -> String? {
        guard let node = value(key) else { return nil }
        guard let scalar = node.scalar else {
            throw error(key, "expected a single text value, found a \(node.mapping != nil ? "mapping" : "list")")
        }
        return scalar.string
    }

    /// A URL sitegen publishes as a link or a source: an error naming the key unless
    /// `SafeURL` allows it (`image`: an image's source, where `data:image/…` is allowed too).
    public func url(_ key: String, image: Bool = false) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard SafeURL.isAllowed(text, image: image) else { throw error(key, SafeURL.refusal(text), hint: SafeURL.hint) }
        return text
    }

    /// Text that must stay on one line (a line of ads.txt).
    public func lines(_ key: String) throws -> [String] {
        let values = try strings(key)
        if let broken = values.first(where: { $0.contains(where: \.isNewline) }) {
            throw error(key, "`\(SafeURL.shown(broken))` runs over more than one line", hint: "give each line its own list item")
        }
        return values
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let node = value(key) else { return nil }
        guard let bool = node.bool else {
            throw error(key, "expected true or false, found `\(node.scalar?.string ?? "a list or mapping")`")
        }
        return bool
    }

    public func int(_ key: String) throws -> Int? {
        guard let node = value(key) else { return nil }
        guard let int = node.int else {
            throw error(key, "expected a whole number, found `\(node.scalar?.string ?? "a list or mapping")`")
        }
        return int
    }

    /// A list of texts; a single text is a one-item list ("tags: swift" works).
    public func strings(_ key: String) throws -> [String] {
        guard let node = value(key) else { return [] }
        if let scalar = node.scalar { return scalar.string.isEmpty ? [] : [scalar.string] }
        guard let sequence = node.sequence else {
            throw error(key, "expected a list such as `[a, b]`, found a mapping")
        }
        var result: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else {
                throw SiteError(file: file, line: item.mark.map { $0.line + lineOffset },
                                message: "`\(key)`: each item must be a single text value")
            }
            result.append(text)
        }
        return result
    }

    /// A nested mapping; `nil` when absent.
    public func map(_ key: String) throws -> YAMLMap? {
        guard let node = value(key) else { return nil }
        guard let mapping = node.mapping else {
            throw error(key, "expected `key: value` lines nested under it")
        }
        return YAMLMap(file: file, lineOffset: lineOffset, mapping: mapping)
    }

    /// A list of nested mappings; `nil` when absent.
    public func maps(_ key: String) throws -> [YAMLMap]? {
        guard let node = value(key) else { return nil }
        guard let sequence = node.sequence else {
            throw error(key, "expected a list of entries, each starting with `- `")
        }
        var result: [YAMLMap] = []
        for item in sequence {
            guard let mapping = item.mapping else {
                throw SiteError(file: file, line: item.mark.map { $0.line + lineOffset },
                                message: "`\(key)`: each entry must be `key: value` lines")
            }
            result.append(YAMLMap(file: file, lineOffset: lineOffset, mapping: mapping))
        }
        return result
    }

    /// Whether the key is present and explicitly set to false (`ads: false`).
    public func isFalse(_ key: String) -> Bool { values[key]?.bool == false }
}
