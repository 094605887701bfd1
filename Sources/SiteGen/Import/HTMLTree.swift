/// A forgiving HTML parser for imported blog bodies: elements, text and comments,
/// with unclosed `<p>` and `<li>` closed the way browsers close them.
final class HTMLNode {
    enum Kind { case element, text, comment }
    let kind: Kind
    let name: String
    var attributes: [String: String]
    var text: String
    var children: [HTMLNode] = []
    weak var parent: HTMLNode?

    init(kind: Kind, name: String = "", attributes: [String: String] = [:], text: String = "") {
        self.kind = kind
        self.name = name
        self.attributes = attributes
        self.text = text
    }

    func attr(_ key: String) -> String? { attributes[key] }
    var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }

    /// All text below this node, entities decoded.
    var textContent: String {
        kind == .text ? text : children.map(\.textContent).joined()
    }

    static let voidElements: Set<String> = ["br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "embed"]
    static let rawText: Set<String> = ["script", "style"]

    static func parse(_ html: String) -> HTMLNode {
        let root = HTMLNode(kind: .element, name: "#root")
        var current = root
        var i = html.startIndex
        func close(_ name: String) {
            var node: HTMLNode? = current
            while let n = node, n.name != name, n !== root { node = n.parent }
            if let n = node, n !== root { current = n.parent ?? root }
        }
        while i < html.endIndex {
            if html[i] == "<" {
                if html[i...].hasPrefix("<!--") {
                    let end = html[i...].range(of: "-->")?.upperBound ?? html.endIndex
                    let body = html[html.index(i, offsetBy: 4)..<(end == html.endIndex ? end : html.index(end, offsetBy: -3))]
                    let comment = HTMLNode(kind: .comment, text: String(body))
                    comment.parent = current
                    current.children.append(comment)
                    i = end
                    continue
                }
                guard let tagEnd = Self.tagEnd(html, from: i) else { break }
                let tag = html[html.index(after: i)..<tagEnd]
                i = html.index(after: tagEnd)
                if tag.hasPrefix("/") {
                    close(tag.dropFirst().trimmingCharacters(in: .whitespaces).lowercased())
                    continue
                }
                if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
                let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
                guard !name.isEmpty else { continue }
                // Browsers close an open <p> or <li> when a new one starts.
                if (name == "p" || name == "li") && current.name == name { current = current.parent ?? root }
                let node = HTMLNode(kind: .element, name: name, attributes: attributes(String(tag.dropFirst(name.count))))
                node.parent = current
                current.children.append(node)
                if rawText.contains(name) {
                    let closing = html[i...].range(of: "</\(name)", options: .caseInsensitive)
                    let body = html[i..<(closing?.lowerBound ?? html.endIndex)]
                    node.children.append(HTMLNode(kind: .text, text: String(body)))
                    i = closing.flatMap { html[$0.upperBound...].firstIndex(of: ">") }.map { html.index(after: $0) } ?? html.endIndex
                } else if !voidElements.contains(name) && !tag.hasSuffix("/") {
                    current = node
                }
            } else {
                let next = html[i...].firstIndex(of: "<") ?? html.endIndex
                let text = HTMLNode(kind: .text, text: decodeEntities(String(html[i..<next])))
                text.parent = current
                current.children.append(text)
                i = next
            }
        }
        return root
    }

    /// The `>` that ends the tag starting at `start`: one inside a quoted attribute value
    /// (`href="a>b"`) does not, as in a browser.
    static func tagEnd(_ html: String, from start: String.Index) -> String.Index? {
        var quote: Character?
        var afterEquals = false
        for index in html[start...].indices {
            let c = html[index]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == ">" {
                return index
            } else if (c == "\"" || c == "'") && afterEquals {
                quote = c
            }
            if quote == nil && !c.isWhitespace { afterEquals = c == "=" }
        }
        return nil
    }

    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != "/" }
            guard !name.isEmpty else { break }
            rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop { $0.isWhitespace }
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    let body = rest.dropFirst()
                    let end = body.firstIndex(of: quote) ?? body.endIndex
                    value = String(body[..<end])
                    rest = end == body.endIndex ? body[end...] : body[body.index(after: end)...]
                } else {
                    let raw = rest.prefix { !$0.isWhitespace }
                    value = String(raw)
                    rest = rest.dropFirst(raw.count)
                }
            }
            result[name.lowercased()] = decodeEntities(value)
        }
        return result
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "&", let semi = text[i...].prefix(12).firstIndex(of: ";") {
                let entity = text[text.index(after: i)..<semi]
                var decoded: String?
                switch entity {
                case "amp": decoded = "&"
                case "lt": decoded = "<"
                case "gt": decoded = ">"
                case "quot": decoded = "\""
                case "apos", "#39": decoded = "'"
                case "nbsp": decoded = "\u{00A0}"
                case "colon": decoded = ":"
                case "Tab": decoded = "\t"
                case "NewLine": decoded = "\n"
                case "sol": decoded = "/"
                case "lpar": decoded = "("
                case "rpar": decoded = ")"
                default:
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                        decoded = String(Character(s))
                    } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let s = Unicode.Scalar(v) {
                        decoded = String(Character(s))
                    }
                }
                if let decoded {
                    out += decoded
                    i = text.index(after: semi)
                    continue
                }
            }
            out.append(text[i])
            i = text.index(after: i)
        }
        return out
    }
}
