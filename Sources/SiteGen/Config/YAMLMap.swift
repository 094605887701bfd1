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

    /// `foldingCase`: the keys are read in lower case (front matter, where Hugo's `Title` and
    /// `Tags` mean `title` and `tags`; the first of two keys that differ only in case counts).
    init(file: String, lineOffset: Int, mapping: Node.Mapping, foldingCase: Bool = false) {
        self.file = file
        self.lineOffset = lineOffset
        self.mapping = mapping
        var values: [String: Node] = [:]
        var keys: [String] = []
        values.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard let written = key.scalar?.string else { continue }
            let text = foldingCase ? written.lowercased() : written
            guard values[text] == nil else { continue }
            values[text] = value
            keys.append(text)
        }
        self.values = values
        self.keys = keys
    }

    /// Tags plain scalars with the bool rule only. The getters read text, numbers and
    /// nulls from the scalar's text (Yams' `Int` and `NSNull` constructors ignore the tag;
    /// its `Bool` one needs it), and each other rule is a regular expression run on every
    /// scalar: a tenth of loading a 10,000-post site.
    static let resolver = Resolver.basic.appending(.bool)

    static func empty(file: String, lineOffset: Int) -> YAMLMap { YAMLMap(file: file, lineOffset: lineOffset, mapping: [:]) }

    /// Parses YAML text whose top level must be a mapping (empty text is an empty mapping).
    public static func parse(_ text: String, file: String, lineOffset: Int = 0, foldingCase: Bool = false) throws -> YAMLMap {
        let node: Node?
        do {
            // The encoding given: by default Yams reads the process environment on every parse.
            node = try Yams.compose(yaml: text, resolver, .default, .utf8)
        } catch let error as YamlError {
            throw Self.describe(error, file: file, lineOffset: lineOffset)
        } catch {
            throw SiteError(file: file, Message("yaml.unreadable", ["problem": "\(error)"]))
        }
        guard let node else { return YAMLMap(file: file, lineOffset: lineOffset, mapping: [:]) }
        if case .scalar(let scalar) = node, scalar.string.trimmingCharacters(in: .whitespaces).isEmpty || node.null != nil {
            return YAMLMap(file: file, lineOffset: lineOffset, mapping: [:])
        }
        guard let mapping = node.mapping else {
            throw SiteError(file: file, line: node.mark.map { $0.line + lineOffset }, Message("yaml.not_a_mapping"))
        }
        return YAMLMap(file: file, lineOffset: lineOffset, mapping: mapping, foldingCase: foldingCase)
    }

    static func describe(_ error: YamlError, file: String, lineOffset: Int) -> SiteError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            // "while parsing a flow sequence": the context mark is where the unclosed `[`
            // opened, which is the line to fix; the problem mark is only where it was noticed.
            if let context, context.mark.line < mark.line {
                return SiteError(file: file, line: context.mark.line + lineOffset, column: context.mark.column,
                                 Message("yaml.invalid_noticed_later", ["problem": what, "line": "\(mark.line + lineOffset)"]), hint: Message("yaml.invalid.hint"))
            }
            return SiteError(file: file, line: mark.line + lineOffset, column: mark.column, Message("yaml.invalid", ["problem": what]))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SiteError(file: file, line: context.mark.line + lineOffset,
                             Message("yaml.duplicate_key", ["keys": duplicates.map { "`\($0)`" }.joined(separator: ", ")]))
        case .reader(let problem, let offset, _, let yaml):
            // The reader reports a character offset; turn it into the line a writer can find.
            let line = offset.map { yaml.prefix($0).filter(\.isNewline).count + 1 + lineOffset }
            return SiteError(file: file, line: line, Message("yaml.unreadable", ["problem": problem]),
                             hint: Message(problem.contains("control") ? "yaml.control_character.hint" : "file.not_utf8.hint"))
        default:
            return SiteError(file: file, Message("yaml.invalid", ["problem": "\(error)"]))
        }
    }

    /// The keys in the order written (lower-cased when the map folds case).
    public let keys: [String]

    /// Every key with its text value: a string file (the theme's UI strings, sitegen's messages).
    func stringTable() throws -> [String: String] {
        var table: [String: String] = [:]
        for key in keys { table[key] = try string(key) }
        return table
    }

    /// The line this mapping starts on, for errors about a key that is missing.
    public var firstLine: Int? { mapping.keys.first?.mark.map { $0.line + lineOffset } }

    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The line a key's value starts on, for error messages.
    public func line(of key: String) -> Int? {
        guard let node = values[key] else { return nil }
        return node.mark.map { $0.line + lineOffset }
    }

    /// An error about one key's value, at its line: "`key`: message".
    func error(_ key: String, _ message: Message, hint: Message? = nil) -> SiteError {
        SiteError(file: file, line: line(of: key), Message("key.problem", ["key": key, "problem": message]),
                  hint: hint ?? Messages.english.hint(for: message))
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
            throw error(key, Message(node.mapping != nil ? "yaml.expected_text_found_mapping" : "yaml.expected_text_found_list"))
        }
        return scalar.string
    }

    /// A URL sitegen publishes as a link or a source: an error naming the key unless
    /// `SafeURL` allows it (`image`: an image's source, where `data:image/…` is allowed too).
    public func url(_ key: String, image: Bool = false) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard SafeURL.isAllowed(text, image: image) else { throw error(key, SafeURL.refusal(text)) }
        return text
    }

    /// Text that must stay on one line (a line of ads.txt).
    public func lines(_ key: String) throws -> [String] {
        let values = try strings(key)
        if let broken = values.first(where: { $0.contains(where: \.isNewline) }) {
            throw error(key, Message("yaml.text_over_lines", ["text": SafeURL.shown(broken)]))
        }
        return values
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let node = value(key) else { return nil }
        guard let bool = node.bool else {
            throw error(key, Self.found("yaml.expected_bool", node))
        }
        return bool
    }

    public func int(_ key: String) throws -> Int? {
        guard let node = value(key) else { return nil }
        guard let int = node.int else {
            throw error(key, Self.found("yaml.expected_int", node))
        }
        return int
    }

    /// A list of texts; a single text is a one-item list ("tags: swift" works).
    public func strings(_ key: String) throws -> [String] {
        guard let node = value(key) else { return [] }
        if let scalar = node.scalar { return scalar.string.isEmpty ? [] : [scalar.string] }
        guard let sequence = node.sequence else {
            throw error(key, Message("yaml.expected_list"))
        }
        var result: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else {
                throw SiteError(file: file, line: item.mark.map { $0.line + lineOffset },
                                Message("key.problem", ["key": key, "problem": Message("yaml.item_not_text")]))
            }
            result.append(text)
        }
        return result
    }

    /// A nested mapping; `nil` when absent.
    public func map(_ key: String) throws -> YAMLMap? {
        guard let node = value(key) else { return nil }
        guard let mapping = node.mapping else {
            throw error(key, Message("yaml.expected_nested_mapping"))
        }
        return YAMLMap(file: file, lineOffset: lineOffset, mapping: mapping)
    }

    /// A list of nested mappings; `nil` when absent.
    public func maps(_ key: String) throws -> [YAMLMap]? {
        guard let node = value(key) else { return nil }
        guard let sequence = node.sequence else {
            throw error(key, Message("yaml.expected_entries"))
        }
        var result: [YAMLMap] = []
        for item in sequence {
            guard let mapping = item.mapping else {
                throw SiteError(file: file, line: item.mark.map { $0.line + lineOffset },
                                Message("key.problem", ["key": key, "problem": Message("yaml.entry_not_mapping")]))
            }
            result.append(YAMLMap(file: file, lineOffset: lineOffset, mapping: mapping))
        }
        return result
    }

    /// "expected …, found `text`" (or "found a list or mapping").
    private static func found(_ key: String, _ node: Node) -> Message {
        if let scalar = node.scalar { return Message(key, ["found": "`\(scalar.string)`"]) }
        return Message(key, ["found": Message("yaml.a_list_or_mapping")])
    }

    /// Whether the key is present and explicitly set to false (`ads: false`).
    public func isFalse(_ key: String) -> Bool { values[key]?.bool == false }
}
