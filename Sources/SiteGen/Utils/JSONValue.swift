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
        switch self {
        case .string(let s): return Escape.jsonString(s)
        case .number(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.serialized).joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { Escape.jsonString($0.0) + ":" + $0.1.serialized }.joined(separator: ",") + "}"
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
