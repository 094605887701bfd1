/// A small JSON tree with deterministic output (keys keep the order they were
/// written in), used for JSON-LD. Foundation's serializer reorders keys and does
/// not escape `<`, which matters inside `<script>`.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized == b.serialized }

    public var serialized: String {
        var out: [UInt8] = []
        serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text, appended to bytes (one buffer for the whole tree, not a string per node).
    func serialize(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Escape.appendJSONString(s, to: &out)
        case .number(let n): out += String(n).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.serialize(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Escape.appendJSONString(pair.0, to: &out)
                out.append(UInt8(ascii: ":"))
                pair.1.serialize(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object that leaves out keys whose value is nil or an empty string.
    public static func compact(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in
            guard let value else { return nil }
            if case .string(let s) = value, s.isEmpty { return nil }
            return (key, value)
        })
    }
}
