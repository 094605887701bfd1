/// The one allow-list for HTML that sitegen publishes but did not write: HTML kept by an
/// import, and the raw HTML of `html: true` posts. Elements and attributes pass by name,
/// URLs by `SafeURL`'s rule; everything else goes. Event handlers, `style` that loads or
/// runs anything, comments (a browser may end one where a scanner does not) and unknown
/// tags are dropped; `script`, `style`, `iframe`, `object`, `embed`, `form` and their kin
/// go with all they hold. Works on fragments (an HTML block or one inline tag of a
/// Markdown document) as on whole bodies: it reads tags one at a time and keeps no tree.
enum HTMLSanitizer {
    /// Part of the Markdown cache's keys: a new list means new output.
    static let version = 1

    static let elements: Set<String> = [
        "a", "abbr", "address", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "center",
        "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span",
        "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track",
        "tt", "u", "ul", "var", "video", "wbr",
    ]

    /// Removed together with everything inside them.
    static let removedWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "template", "noscript",
        "svg", "math", "textarea", "select", "title", "head", "xmp", "noembed", "noframes", "plaintext",
    ]

    static let globalAttributes: Set<String> = ["class", "id", "title", "lang", "dir", "style", "role", "translate"]

    static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "name", "target", "rel", "hreflang"],
        "img": ["src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"],
        "source": ["src", "srcset", "sizes", "type", "media"],
        "video": ["src", "poster", "controls", "width", "height", "loop", "muted", "playsinline", "preload"],
        "audio": ["src", "controls", "loop", "muted", "preload"],
        "track": ["src", "kind", "srclang", "label", "default"],
        "td": ["colspan", "rowspan", "headers", "align", "valign"], "th": ["colspan", "rowspan", "headers", "scope", "align", "valign"],
        "col": ["span", "width"], "colgroup": ["span", "width"], "table": ["summary", "width", "border"],
        "ol": ["start", "type", "reversed"], "ul": ["type"], "li": ["value"],
        "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "time": ["datetime"], "details": ["open"], "font": ["color", "size"], "bdo": ["dir"],
    ]

    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]

    static let voidElements: Set<String> = ["br", "col", "hr", "img", "source", "track", "wbr"]

    /// `html` with only what the allow-list lets through.
    static func clean(_ html: String) -> String {
        var scanner = Scanner(Array(html.utf8))
        return scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var out: [UInt8] = []

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        mutating func run() -> String {
            while i < bytes.count {
                let byte = bytes[i]
                guard byte == UInt8(ascii: "<") else {
                    out.append(byte)
                    i += 1
                    continue
                }
                let next = i + 1 < bytes.count ? bytes[i + 1] : 0
                if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    skipMarkup()
                } else if next == UInt8(ascii: "/") || Self.isLetter(next) {
                    tag()
                } else {
                    out += "&lt;".utf8
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

        /// A comment, doctype, CDATA section or processing instruction: dropped.
        mutating func skipMarkup() {
            let rest = bytes[i...]
            if rest.starts(with: "<!--".utf8) {
                i = find("-->".utf8, from: i + 4).map { $0 + 3 } ?? bytes.count
            } else {
                i = bytes[i...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? bytes.count
            }
        }

        func find(_ needle: String.UTF8View, from start: Int, caseInsensitive: Bool = false) -> Int? {
            let pattern = Array(needle)
            guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
            var k = start
            while k + pattern.count <= bytes.count {
                if (0..<pattern.count).allSatisfy({ caseInsensitive ? Self.lower(bytes[k + $0]) == pattern[$0] : bytes[k + $0] == pattern[$0] }) {
                    return k
                }
                k += 1
            }
            return nil
        }

        static func lower(_ byte: UInt8) -> UInt8 { isLetter(byte) ? byte | 0x20 : byte }

        mutating func tag() {
            var k = i + 1
            let closing = bytes[k] == UInt8(ascii: "/")
            if closing { k += 1 }
            let nameStart = k
            while k < bytes.count, Self.isLetter(bytes[k]) || (k > nameStart && (bytes[k] == UInt8(ascii: "-") || (0x30...0x39).contains(bytes[k]))) {
                k += 1
            }
            let name = String(decoding: bytes[nameStart..<k].map(Self.lower), as: UTF8.self)
            var attributes: [(name: String, raw: String)] = []
            k = readAttributes(from: k, into: &attributes)
            i = k
            guard !name.isEmpty else { return } // `</>` or `</ >`: nothing
            if removedWithContent.contains(name) {
                if !closing { i = find(("</" + name).utf8, from: i, caseInsensitive: true)
                    .map { end in bytes[end...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? bytes.count } ?? bytes.count }
                return
            }
            guard elements.contains(name) else { return }
            if closing {
                if !voidElements.contains(name) { out += "</\(name)>".utf8 }
                return
            }
            out += "<\(name)".utf8
            let allowed = elementAttributes[name] ?? []
            var seen = Set<String>()
            for (attribute, raw) in attributes where seen.insert(attribute).inserted {
                guard globalAttributes.contains(attribute) || allowed.contains(attribute)
                      || attribute.hasPrefix("aria-") || attribute.hasPrefix("data-") else { continue }
                let value = HTMLNode.decodeEntities(raw) // as the browser reads it
                if urlAttributes.contains(attribute), !SafeURL.isAllowed(value, image: name == "img" || name == "source") { continue }
                if attribute == "srcset", !value.split(separator: ",").allSatisfy({ candidate in
                    SafeURL.isAllowed(String(candidate.split(separator: " ").first ?? ""), image: true) }) { continue }
                if attribute == "style", !HTMLSanitizer.isPlainStyle(value) { continue }
                out += " \(attribute)=\"".utf8
                // As written (entities and all), with only the quote that ends the value escaped.
                for byte in raw.utf8 { if byte == UInt8(ascii: "\"") { out += "&quot;".utf8 } else { out.append(byte) } }
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: ">"))
        }

        /// Reads attributes up to the tag's `>` (quotes respected); returns the index after it.
        func readAttributes(from start: Int, into attributes: inout [(name: String, raw: String)]) -> Int {
            var k = start
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
            while k < bytes.count {
                let b = bytes[k]
                if b == UInt8(ascii: ">") { return k + 1 }
                if isSpace(b) || b == UInt8(ascii: "/") { k += 1; continue }
                let nameStart = k
                while k < bytes.count, !isSpace(bytes[k]), bytes[k] != UInt8(ascii: "="), bytes[k] != UInt8(ascii: ">"),
                      !(bytes[k] == UInt8(ascii: "/") && k > nameStart) {
                    k += 1
                }
                let name = String(decoding: bytes[nameStart..<k].map(Self.lower), as: UTF8.self)
                while k < bytes.count, isSpace(bytes[k]) { k += 1 }
                var raw = ""
                if k < bytes.count, bytes[k] == UInt8(ascii: "=") {
                    k += 1
                    while k < bytes.count, isSpace(bytes[k]) { k += 1 }
                    if k < bytes.count, bytes[k] == UInt8(ascii: "\"") || bytes[k] == UInt8(ascii: "'") {
                        let quote = bytes[k]
                        let end = bytes[(k + 1)...].firstIndex(of: quote) ?? bytes.count
                        raw = String(decoding: bytes[(k + 1)..<end], as: UTF8.self)
                        k = min(end + 1, bytes.count)
                    } else {
                        let valueStart = k
                        while k < bytes.count, !isSpace(bytes[k]), bytes[k] != UInt8(ascii: ">") { k += 1 }
                        raw = String(decoding: bytes[valueStart..<k], as: UTF8.self)
                    }
                }
                if !name.isEmpty { attributes.append((name, raw)) }
            }
            return k
        }
    }

    /// A `style` that only sets properties: nothing loaded (`url(`, `@import`), nothing run
    /// (`expression(`, `javascript:`, `behavior`), no escapes that could hide either.
    static func isPlainStyle(_ value: String) -> Bool {
        let compact = value.lowercased().filter { !$0.isWhitespace }
        return !["url(", "@import", "expression(", "javascript:", "behavior", "\\", "/*", "-moz-binding"].contains { compact.contains($0) }
    }
}
