/// Front matter in its everyday shape, read without Yams: `key: value` lines whose values
/// are plain texts, quoted texts without escapes, `[a, b]` lists or `- item` lists, with
/// blank lines and `#` comment lines between them. Parsing 10,000 front matters with Yams
/// was a third of a clean build's load stage; this reads that shape for a fraction of it.
///
/// Anything else (anchors, tags, block scalars, escapes, nested mappings, values running
/// over several lines, a comment after a value, tabs, duplicate keys…) is not guessed at:
/// `init` returns nil and the caller parses the text with Yams. So is a value a getter
/// refuses (`FrontMatter.read` goes back to Yams on any error, whose messages name the
/// line). Within the shape, each getter answers what `YAMLMap`'s answers for the same text
/// (a test compares the two on thousands of generated front matters).
struct SimpleFrontMatter: FrontMatterFields {
    enum Value: Equatable {
        /// A plain (unquoted) scalar: `null`, `~` and nothing at all mean "not given", and it may be a boolean.
        case plain(String)
        /// A quoted scalar: always text.
        case quoted(String)
        case list([String])
    }

    private(set) var values: [String: Value] = [:]

    /// Refused values and anything outside the shape, so the caller goes back to Yams.
    struct NotSimple: Error {}

    init?(_ text: String) {
        guard let values = text.withUTF8Bytes({ Self.parse($0) }) else { return nil }
        self.values = values
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: Value]? {
        guard !bytes.isEmpty else { return [:] }
        guard isPrintable(bytes) else { return nil }
        var values: [String: Value] = [:]
        // The key whose value is a `- item` list being read, and its items' indentation.
        var listKey: String?
        var items: [String] = []
        var itemIndent = -1
        func endList() {
            if let key = listKey { values[key] = items.isEmpty ? .plain("") : .list(items) }
            listKey = nil
            items = []
            itemIndent = -1
        }
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            start = end + 1
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            if indent == line.count || (indent == 0 && line[0] == UInt8(ascii: "#")) { continue } // blank or comment
            if indent > 0 || line[0] == UInt8(ascii: "-") {
                // Only an item of the list the last key opened.
                guard listKey != nil, itemIndent < 0 || indent == itemIndent,
                      line.count > indent + 2, line[indent] == UInt8(ascii: "-"), line[indent + 1] == UInt8(ascii: " ") else { return nil }
                let text = UnsafeBufferPointer(rebasing: line[(indent + 2)...])
                let spaces = text.prefix { $0 == UInt8(ascii: " ") }.count
                guard spaces < text.count, let item = scalar(UnsafeBufferPointer(rebasing: text[spaces...]), inList: false) else { return nil }
                itemIndent = indent
                items.append(item.text)
                continue
            }
            endList()
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                  isKey(UnsafeBufferPointer(rebasing: line[..<colon])) else { return nil }
            // Keys in any case (`Title:`, as Hugo writes them), as `YAMLMap` reads front matter.
            let key = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self).lowercased()
            guard values[key] == nil else { return nil } // Yams reports duplicates
            let rest = UnsafeBufferPointer(rebasing: line[(colon + 1)...])
            let valueStart = rest.prefix { $0 == UInt8(ascii: " ") }.count
            if valueStart == rest.count {
                values[key] = .plain("") // nothing, or a `- item` list on the lines below
                listKey = key
                continue
            }
            guard valueStart > 0 else { return nil } // `key:value` is one plain text in YAML, not a pair
            let value = UnsafeBufferPointer(rebasing: rest[valueStart...])
            if value[0] == UInt8(ascii: "[") {
                guard let list = flowList(value) else { return nil }
                values[key] = .list(list)
            } else {
                guard let item = scalar(value, inList: false) else { return nil }
                values[key] = item.quoted ? .quoted(item.text) : .plain(item.text)
            }
        }
        endList()
        return values
    }

    /// `[a, "b", 'c']` on one line.
    private static func flowList(_ value: UnsafeBufferPointer<UInt8>) -> [String]? {
        let trimmed = trimmingTrailingSpaces(value)
        guard trimmed.count >= 2, trimmed[trimmed.count - 1] == UInt8(ascii: "]") else { return nil }
        let inside = UnsafeBufferPointer(rebasing: trimmed[1..<(trimmed.count - 1)])
        if inside.allSatisfy({ $0 == UInt8(ascii: " ") }) { return [] }
        var items: [String] = []
        for piece in inside.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let item = UnsafeBufferPointer(rebasing: piece)
            let leading = item.prefix { $0 == UInt8(ascii: " ") }.count
            guard leading < item.count, let scalar = scalar(UnsafeBufferPointer(rebasing: item[leading...]), inList: true) else { return nil }
            items.append(scalar.text)
        }
        return items
    }

    /// One scalar (trailing spaces not part of it): quoted without escapes, or plain
    /// without anything that would make YAML read it otherwise.
    private static func scalar(_ value: UnsafeBufferPointer<UInt8>, inList: Bool) -> (text: String, quoted: Bool)? {
        let trimmed = trimmingTrailingSpaces(value)
        guard let first = trimmed.first else { return nil }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            // Double quotes with no backslash and single quotes with no '' inside: the text is what is between them.
            guard trimmed.count >= 2, trimmed[trimmed.count - 1] == first else { return nil }
            let inside = UnsafeBufferPointer(rebasing: trimmed[1..<(trimmed.count - 1)])
            guard !inside.contains(first), !inside.contains(UInt8(ascii: "\\")) else { return nil }
            return (String(decoding: inside, as: UTF8.self), true)
        }
        // Plain: no indicator first; no `: `, ` #` or final `:`; in a `[…]` list, no flow characters or quotes.
        guard !"-?:,[]{}#&*!|>'\"%@`".utf8.contains(first), trimmed[trimmed.count - 1] != UInt8(ascii: ":") else { return nil }
        for i in trimmed.indices {
            let byte = trimmed[i]
            if inList, "[]{},#\"'".utf8.contains(byte) { return nil }
            if byte == UInt8(ascii: ":"), i + 1 < trimmed.count, trimmed[i + 1] == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: "#"), i > 0, trimmed[i - 1] == UInt8(ascii: " ") { return nil }
        }
        return (String(decoding: trimmed, as: UTF8.self), false)
    }

    private static func trimmingTrailingSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[..<end])
    }

    /// Letters, digits, `_` and `-`, starting with a letter or `_`.
    private static func isKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func letter(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == UInt8(ascii: "_") }
        guard let first = bytes.first, letter(first) else { return false }
        return bytes.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }
    }

    /// No tab, carriage return or other control character, and none of the characters YAML
    /// refuses or reads as a line break (C1 controls, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF).
    private static func isPrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in bytes.indices {
            let byte = bytes[i]
            if byte < 0x20 ? byte != 0x0A : byte == 0x7F { return false }
            guard byte >= 0xC2, byte <= 0xEF, i + 2 <= bytes.count else { continue }
            let next = bytes[i + 1]
            if byte == 0xC2, next < 0xA0 { return false }
            guard i + 2 < bytes.count else { continue }
            let third = bytes[i + 2]
            if byte == 0xE2, next == 0x80, third == 0xA8 || third == 0xA9 { return false }
            if byte == 0xEF, next == 0xBB, third == 0xBF { return false }
            if byte == 0xEF, next == 0xBF, third >= 0xBE { return false }
        }
        return true
    }

    // MARK: The getters, as `YAMLMap`'s answer them.

    /// The value, unless absent or a plain "not given".
    private func value(_ key: String) -> Value? {
        guard let value = values[key] else { return nil }
        if case .plain(let text) = value, ["", "~", "null", "Null", "NULL"].contains(text) { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        switch value(key) {
        case nil: return nil
        case .plain(let text), .quoted(let text): return text
        case .list: throw NotSimple()
        }
    }

    func strings(_ key: String) throws -> [String] {
        switch value(key) {
        case nil: return []
        case .plain(let text), .quoted(let text): return text.isEmpty ? [] : [text]
        case .list(let items): return items
        }
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = Self.bool(value) else { throw NotSimple() }
        return bool
    }

    func isFalse(_ key: String) -> Bool { values[key].flatMap(Self.bool) == false }

    /// Yams' rule: a plain true/yes/on or false/no/off, in any case; a quoted text is never a boolean.
    private static func bool(_ value: Value) -> Bool? {
        guard case .plain(let text) = value else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    func failure(_ key: String, _ message: Message) -> Error { NotSimple() }
}

/// What `FrontMatter.read` asks of a front matter: `YAMLMap` (Yams) or `SimpleFrontMatter`.
protocol FrontMatterFields {
    func string(_ key: String) throws -> String?
    func strings(_ key: String) throws -> [String]
    func bool(_ key: String) throws -> Bool?
    func isFalse(_ key: String) -> Bool
    /// The error for a value of `key` that cannot be used.
    func failure(_ key: String, _ message: Message) -> Error
}

extension YAMLMap: FrontMatterFields {
    func failure(_ key: String, _ message: Message) -> Error { error(key, message) }
}
