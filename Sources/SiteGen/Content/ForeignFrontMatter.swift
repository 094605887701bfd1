import Foundation
import TOMLKit

/// Front matter as Hugo also writes it: TOML between `+++` lines, or a JSON object that opens
/// the file. Each is turned into the YAML sitegen reads everywhere else (the same getters,
/// checks, cache and messages): one `key: value` line per top-level key, the value in JSON's
/// syntax (which YAML reads as it is), standing on the line its key has in the file, so an
/// error about a value names the line the writer sees.
enum ForeignFrontMatter {
    static func split(_ text: String, file: String) throws -> SourceText {
        if text.hasPrefix("{") { return try splitJSON(text, file: file) }
        // `+++`, the TOML, `+++`.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "+++" }) else {
            throw SiteError(file: file, line: 1, Message("front_matter.not_closed_toml"))
        }
        let toml = lines[1..<close].joined(separator: "\n")
        let table: TOMLTable
        do { table = try TOMLTable(string: toml) } catch let error as TOMLParseError {
            throw SiteError(file: file, line: error.source.begin.line + 1, Message("front_matter.toml_invalid", ["problem": error.description]))
        }
        let values = try jsonObject(Data(table.convert(to: .json).utf8), file: file)
        let yaml = yamlLines(values, lineOf: { key in line(in: lines[1..<close], where: { tomlKeyLine($0, key) }) })
        return SourceText(frontMatter: yaml, body: lines[(close + 1)...].joined(separator: "\n"), bodyLine: close + 2)
    }

    /// A JSON object from the first `{` to its matching `}` (braces inside strings skipped);
    /// the body starts on the line after.
    private static func splitJSON(_ text: String, file: String) throws -> SourceText {
        let bytes = Array(text.utf8)
        var depth = 0, inString = false, escaped = false
        var end: Int?
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { end = index }
            default: break
            }
            if end != nil { break }
        }
        guard let end else { throw SiteError(file: file, line: 1, Message("front_matter.not_closed_json")) }
        let objectText = String(decoding: bytes[...end], as: UTF8.self)
        var rest = bytes[(end + 1)...]
        // The rest of the closing line (blank, as Hugo writes it) belongs to the front matter.
        if let newline = rest.firstIndex(of: UInt8(ascii: "\n")) { rest = rest[(newline + 1)...] } else { rest = [] }
        let values = try jsonObject(Data(objectText.utf8), file: file)
        let objectLines = objectText.split(separator: "\n", omittingEmptySubsequences: false)
        // The object's lines are the file's from line 1; the YAML's first line stands for the file's second.
        let yaml = yamlLines(values, lineOf: { key in line(in: objectLines[...], where: { $0.contains("\"\(key)\"") }) }, firstLine: 2)
        return SourceText(frontMatter: yaml, body: String(decoding: rest, as: UTF8.self), bodyLine: objectLines.count + 1)
    }

    private static func jsonObject(_ data: Data, file: String) throws -> [String: Any] {
        do {
            if let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any] { return object }
        } catch {
            throw SiteError(file: file, line: 1, Message("front_matter.json_invalid", ["problem": (error as NSError).localizedDescription]))
        }
        throw SiteError(file: file, line: 1, Message("front_matter.json_not_object"))
    }

    /// The YAML text: keys lower-cased (the first of two that differ only in case wins), each
    /// on the YAML line that stands for its file line (`firstLine`: the file line of YAML line 1).
    private static func yamlLines(_ values: [String: Any], lineOf: (String) -> Int?, firstLine: Int = 1) -> String {
        var placed: [(line: Int, key: String, value: Any)] = []
        var seen = Set<String>()
        for (key, value) in values {
            placed.append((lineOf(key) ?? Int.max, key, value))
        }
        placed.sort { ($0.line, $0.key) < ($1.line, $1.key) }
        var out: [String] = []
        for (line, key, value) in placed where seen.insert(key.lowercased()).inserted {
            let target = line == Int.max ? out.count : max(line - firstLine, out.count)
            while out.count < target { out.append("") }
            out.append(yamlKey(key.lowercased()) + ": " + flowValue(value))
        }
        return out.joined(separator: "\n")
    }

    /// The 1-based line (counted from the slice's first line as 1) that satisfies `test`.
    private static func line(in lines: ArraySlice<Substring>, where test: (Substring) -> Bool) -> Int? {
        lines.firstIndex(where: test).map { $0 - lines.startIndex + 1 }
    }

    /// `key = …`, `"key" = …` or a `[key]` / `[key.sub]` table header.
    private static func tomlKeyLine(_ line: Substring, _ key: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        for form in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(form) {
            let after = trimmed.dropFirst(form.count).drop { $0 == " " || $0 == "\t" }
            if after.hasPrefix("=") || after.hasPrefix(".") { return true }
        }
        return trimmed.hasPrefix("[\(key)]") || trimmed.hasPrefix("[\(key).") || trimmed.hasPrefix("[[\(key)]]")
    }

    private static func yamlKey(_ key: String) -> String {
        key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ? key : flowValue(key)
    }

    /// A value in JSON's syntax: YAML reads it as the same text, number, list or mapping.
    private static func flowValue(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes, .sortedKeys])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
