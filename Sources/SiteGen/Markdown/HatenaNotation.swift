import Foundation

/// Hatena Blog notation that writers keep typing, rendered in posts:
/// `[f:id:USER:20170918204521j:plain]` (fotolife images, with `:w300`, `:h200`,
/// `:left`/`:right`, `:alt=…`), `[https://…:title=Text]` (a link) and
/// `[https://…:embed]` (a link card, with no third-party iframe).
/// Code spans and code blocks are left alone.
public enum HatenaNotation {
    // Only matched against (a `Regex` keeps no state between matches); never changed.
    nonisolated(unsafe) static let pattern = #/\[(f:id:[A-Za-z0-9_-]+:\d{14}[jpg](?::[^\]\n]*)?|https?://[^\s\]]+?:(?:title(?:=[^\]\n]*)?|embed(?::cite)?))\]/#

    /// Whether the text may hold notation at all (most posts do not: they skip the rest).
    static func mayContain(_ markdown: String) -> Bool {
        markdown.containsBytes("[f:id:") || markdown.containsBytes(":title") || markdown.containsBytes(":embed")
    }

    /// The Markdown with each piece of notation replaced by a placeholder, except inside
    /// `untouched`: the byte ranges of code (spans, fenced and indented blocks, wherever
    /// they stand) and raw HTML, as the syntax tree found them (`MarkdownRenderer.verbatimRanges`).
    /// `placeholders`: those made before (by shortcodes); the notation's are added after them.
    static func preprocess(_ markdown: String, untouched: [Range<Int>], placeholders before: [Placeholder] = []) -> (String, [Placeholder]) {
        guard mayContain(markdown) else { return (markdown, before) }
        var placeholders = before
        let bytes = Array(markdown.utf8)
        var out = ""
        var position = 0
        for range in untouched.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.upperBound > position {
            let start = max(range.lowerBound, position)
            out += replace(Substring(String(decoding: bytes[position..<start], as: UTF8.self)), &placeholders)
            out += String(decoding: bytes[start..<range.upperBound], as: UTF8.self)
            position = range.upperBound
        }
        out += replace(Substring(String(decoding: bytes[position...], as: UTF8.self)), &placeholders)
        return (out, placeholders)
    }

    static func replace(_ text: Substring, _ placeholders: inout [Placeholder]) -> String {
        guard text.containsBytes("[") else { return String(text) }
        var result = ""
        var rest = text
        while let match = rest.firstMatch(of: pattern) {
            result += rest[..<match.range.lowerBound]
            if let placeholder = render(String(match.1)) {
                result += Placeholder.add(placeholder, to: &placeholders)
            } else {
                result += rest[match.range]
            }
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }

    static func render(_ body: String) -> Placeholder? {
        if body.hasPrefix("f:id:") { return fotolife(body) }
        return link(body)
    }

    /// `f:id:USER:20170918204521j:plain:w300:alt=説明`
    static func fotolife(_ body: String) -> Placeholder? {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4 else { return nil }
        let user = parts[2]
        let stamp = String(parts[3].dropLast())
        let ext: String
        switch parts[3].last {
        case "j": ext = "jpg"
        case "p": ext = "png"
        case "g": ext = "gif"
        default: return nil
        }
        var width: String?, height: String?, align: String?, alt = ""
        var index = 4
        while index < parts.count {
            let option = parts[index]
            if option.hasPrefix("alt=") {
                alt = ([String(option.dropFirst(4))] + parts[(index + 1)...]).joined(separator: ":")
                break
            }
            if option.hasPrefix("w"), Int(option.dropFirst()) != nil { width = String(option.dropFirst()) }
            if option.hasPrefix("h"), Int(option.dropFirst()) != nil { height = String(option.dropFirst()) }
            if option == "left" || option == "right" { align = option }
            index += 1
        }
        let src = "https://cdn-ak.f.st-hatena.com/images/fotolife/\(user.prefix(1))/\(user)/\(stamp.prefix(8))/\(stamp).\(ext)"
        var html = "<img class=\"hatena-fotolife\(align.map { " hatena-fotolife--\($0)" } ?? "")\" src=\"\(Escape.html(src))\" alt=\"\(Escape.html(alt))\""
        if let width { html += " width=\"\(width)\"" }
        if let height { html += " height=\"\(height)\"" }
        html += ">" // loading hints come with every other image's (`PictureMarkup`)
        return Placeholder(html: html, text: alt)
    }

    /// `https://example.com:title=Text`, `https://example.com:title`, `https://example.com:embed`
    static func link(_ body: String) -> Placeholder? {
        let url: String, rest: String
        if let range = body.range(of: ":title", options: .backwards) {
            url = String(body[..<range.lowerBound]); rest = String(body[range.lowerBound...])
        } else if let range = body.range(of: ":embed", options: .backwards) {
            url = String(body[..<range.lowerBound]); rest = String(body[range.lowerBound...])
        } else { return nil }
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        if rest.hasPrefix(":embed") {
            let path = components.path == "/" || components.path.isEmpty ? host : host + components.path
            return Placeholder(
                html: "<a class=\"link-card\" href=\"\(Escape.html(url))\"><span class=\"link-card__title\">\(Escape.html(URLPath.decode(path) ?? path))</span><span class=\"link-card__domain\">\(Escape.html(host))</span></a>",
                text: host)
        }
        let text = rest.hasPrefix(":title=") ? String(rest.dropFirst(":title=".count)) : url
        return Placeholder(html: "<a href=\"\(Escape.html(url))\">\(Escape.html(text))</a>", text: text)
    }

    /// The notation for a fotolife image URL, for the importer.
    static func fotolifeNotation(src: String, width: String?, height: String?, alt: String) -> String? {
        // https://cdn-ak.f.st-hatena.com/images/fotolife/U/USER/20170918/20170918204521.jpg
        guard let range = src.range(of: "/images/fotolife/") else { return nil }
        let parts = src[range.upperBound...].split(separator: "/")
        guard parts.count == 4 else { return nil }
        let file = parts[3]
        guard let dot = file.lastIndex(of: ".") else { return nil }
        let stamp = file[..<dot]
        let ext: String
        switch file[file.index(after: dot)...].lowercased() {
        case "jpg", "jpeg": ext = "j"
        case "png": ext = "p"
        case "gif": ext = "g"
        default: return nil
        }
        guard stamp.count == 14, stamp.allSatisfy(\.isNumber) else { return nil }
        var notation = "[f:id:\(parts[1]):\(stamp)\(ext):plain"
        if let width, Int(width) != nil { notation += ":w\(width)" }
        if let height, Int(height) != nil { notation += ":h\(height)" }
        if !alt.isEmpty { notation += ":alt=\(alt.replacingAll("]", with: ""))" }
        return notation + "]"
    }
}
