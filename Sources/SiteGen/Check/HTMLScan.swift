/// What `sitegen check` reads from a generated page: the ids it defines and the
/// links and images it points at. The pages are sitegen's own output (double-quoted
/// attributes), so a scan of attributes is enough; no HTML parser is needed.
struct HTMLScan {
    struct Reference {
        var attribute: String
        var value: String
        var tag: String
    }

    var ids: Set<String> = []
    var references: [Reference] = []

    init(_ html: String) {
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            guard let close = html[open...].firstIndex(of: ">") else { break }
            let tag = html[html.index(after: open)..<close]
            index = html.index(after: close)
            guard let first = tag.first, first.isLetter else { continue }
            let name = String(tag.prefix { $0.isLetter || $0.isNumber }).lowercased()
            for (attribute, value) in Self.attributes(tag) {
                switch attribute {
                case "id": ids.insert(value)
                case "href", "src": references.append(Reference(attribute: attribute, value: value, tag: name))
                default: break
                }
            }
        }
    }

    /// `name="value"` pairs of one tag, entity-decoded.
    static func attributes(_ tag: Substring) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = tag
        while let equals = rest.range(of: "=\"") {
            let name = rest[..<equals.lowerBound].reversed().prefix { $0.isLetter || $0 == "-" }
            let afterQuote = rest[equals.upperBound...]
            guard let endQuote = afterQuote.firstIndex(of: "\"") else { break }
            result.append((String(name.reversed()).lowercased(), decodeEntities(String(afterQuote[..<endQuote]))))
            rest = afterQuote[afterQuote.index(after: endQuote)...]
        }
        return result
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
