import Foundation

/// Hugo's shortcodes, as posts brought from a Hugo site have them: `{{< name args >}}` (its
/// output is HTML), `{{% name args %}}` (its output is read as Markdown), paired
/// `{{< name >}}…{{< /name >}}`, self-closed `{{< name />}}`, and `{{</* name */>}}` (the
/// shortcode as text). Arguments are positional (`"a b"`, `` `raw` ``, `bare`) or named
/// (`src="…"`). Never looked for inside code (spans and blocks, by the syntax tree).
///
/// Each is rendered through the theme's `Templates/shortcodes/NAME.mustache` with `args` (the
/// positional ones, also as `arg0`, `arg1`…), the named ones by name, `inner` (the text between
/// a pair) and `innerHTML` (that text as Markdown). Built in: `highlight` (a code block),
/// `ref`/`relref` (the address of another post or page, by its file), `param` (a front
/// matter value); the default theme has figure, youtube, vimeo, x/tweet, instagram and gist.
public enum Shortcodes {
    /// One shortcode as written.
    struct Call: Sendable, Equatable {
        var name: String
        var positional: [String]
        var named: [(String, String)]
        /// `{{% … %}}`: the output is Markdown.
        var markdownOutput: Bool
        /// The byte range of the whole call, the closing tag of a pair included.
        var range: Range<Int>
        /// The text between a pair's tags.
        var inner: String?
        /// `{{</* … */>}}`: written out as the shortcode's text.
        var escapedText: String?
        var line: Int

        static func == (a: Call, b: Call) -> Bool { a.range == b.range && a.name == b.name }

        func value(_ key: String) -> String? { named.first { $0.0 == key }?.1 }
        /// The first positional argument, or the named one (`ref "a.md"`, `figure src="…"`).
        func argument(_ index: Int, or key: String) -> String? {
            positional.indices.contains(index) ? positional[index] : value(key)
        }
    }

    /// Names sitegen renders itself, with no template.
    static let builtIn: Set<String> = ["highlight", "ref", "relref", "param"]

    /// Whether the text may hold a shortcode at all (most posts do not: they skip the rest).
    static func mayContain(_ markdown: String) -> Bool {
        markdown.containsBytes("{{<") || markdown.containsBytes("{{%")
    }

    /// The shortcodes of a body as its file records them (`ContentFile.shortcodes`).
    static func uses(in markdown: String, bodyLine: Int) -> [ShortcodeUse] {
        calls(outsideCodeIn: markdown, bodyLine: bodyLine).filter { $0.escapedText == nil }.map { call in
            ShortcodeUse(name: call.name, line: call.line,
                         target: call.name == "ref" || call.name == "relref" ? call.argument(0, or: "path") ?? "" : nil)
        }
    }

    /// Every shortcode outside the text's code, as the syntax tree finds the code.
    static func calls(outsideCodeIn markdown: String, bodyLine: Int = 1) -> [Call] {
        guard mayContain(markdown) else { return [] }
        return calls(in: markdown, code: MarkdownRenderer(allowRawHTML: false).verbatimRanges(markdown, html: false), bodyLine: bodyLine)
    }

    /// Every shortcode in `markdown` outside `code` (byte ranges), pairs matched; `bodyLine`:
    /// the file line the text starts on.
    static func calls(in markdown: String, code: [Range<Int>], bodyLine: Int = 1) -> [Call] {
        let bytes = Array(markdown.utf8)
        var tags: [Tag] = []
        var index = 0
        var lineNumber = bodyLine
        var lineCountedTo = 0
        while index + 3 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{"),
                  bytes[index + 2] == UInt8(ascii: "<") || bytes[index + 2] == UInt8(ascii: "%") else { index += 1; continue }
            if let inCode = code.first(where: { $0.contains(index) }) { index = inCode.upperBound; continue }
            guard var tag = Tag(bytes, at: index) else { index += 1; continue }
            lineNumber += bytes[lineCountedTo..<index].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            lineCountedTo = index
            tag.line = lineNumber
            tags.append(tag)
            index = tag.range.upperBound
        }
        // A closing tag pairs with the last open tag of its name that has none yet.
        var calls: [Call] = []
        var open: [Int] = []
        for tag in tags {
            if tag.closing {
                guard let opener = open.lastIndex(where: { calls[$0].name == tag.name }) else { continue }
                let at = open[opener]
                calls[at].inner = String(decoding: bytes[calls[at].range.upperBound..<tag.range.lowerBound], as: UTF8.self)
                calls[at].range = calls[at].range.lowerBound..<tag.range.upperBound
                open.removeSubrange(opener...)
                // Tags inside a pair belong to its inner text: they are rendered with it.
                calls.removeSubrange((at + 1)...)
                continue
            }
            calls.append(Call(name: tag.name, positional: tag.positional, named: tag.named, markdownOutput: tag.markdown,
                              range: tag.range, inner: nil, escapedText: tag.escapedText, line: tag.line))
            if !tag.selfClosed && tag.escapedText == nil { open.append(calls.count - 1) }
        }
        return calls
    }

    /// One `{{< … >}}` or `{{% … %}}` tag.
    private struct Tag {
        var name = ""
        var positional: [String] = []
        var named: [(String, String)] = []
        var markdown = false
        var closing = false
        var selfClosed = false
        var escapedText: String?
        var range: Range<Int>
        var line = 0

        init?(_ bytes: [UInt8], at start: Int) {
            let delimiter = bytes[start + 2]
            markdown = delimiter == UInt8(ascii: "%")
            let close: [UInt8] = [delimiter == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "%"), UInt8(ascii: "}"), UInt8(ascii: "}")]
            // The tag ends at the first closing delimiter outside quotes, on any line.
            var index = start + 3
            var quote: UInt8?
            var end: Int?
            while index + 3 <= bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil } else if byte == UInt8(ascii: "\\") && open == UInt8(ascii: "\"") { index += 1 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                    quote = byte
                } else if Array(bytes[index..<(index + 3)]) == close {
                    end = index
                    break
                }
                index += 1
            }
            guard let end else { return nil }
            range = start..<(end + 3)
            var body = String(decoding: bytes[(start + 3)..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if body.hasPrefix("/*") && body.hasSuffix("*/") {
                let inside = body.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespacesAndNewlines)
                escapedText = markdown ? "{{% \(inside) %}}" : "{{< \(inside) >}}"
                name = "escaped"
                return
            }
            if body.hasPrefix("/") {
                closing = true
                body.removeFirst()
            }
            if body.hasSuffix("/") {
                selfClosed = true
                body.removeLast()
            }
            var words = Self.words(body)[...]
            guard let first = words.popFirst(), !first.text.isEmpty, first.key == nil,
                  first.text.allSatisfy({ $0.isLetter || $0.isNumber || "_-/.".contains($0) }) else { return nil }
            name = first.text
            for word in words {
                if let key = word.key { named.append((key, word.text)) } else { positional.append(word.text) }
            }
        }

        /// `a "b c" key=value key="d e" `raw``: each word with its key when named.
        static func words(_ text: String) -> [(key: String?, text: String)] {
            var result: [(key: String?, text: String)] = []
            var rest = Substring(text)
            while true {
                rest = rest.drop { $0.isWhitespace }
                guard !rest.isEmpty else { return result }
                var key: String?
                if let equals = rest.firstIndex(of: "="), !rest[..<equals].contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "`" }) {
                    key = String(rest[..<equals])
                    rest = rest[rest.index(after: equals)...]
                }
                if let quote = rest.first, quote == "\"" || quote == "`" {
                    var value = ""
                    var index = rest.index(after: rest.startIndex)
                    while index < rest.endIndex, rest[index] != quote {
                        if quote == "\"", rest[index] == "\\", rest.index(after: index) < rest.endIndex {
                            index = rest.index(after: index)
                        }
                        value.append(rest[index])
                        index = rest.index(after: index)
                    }
                    result.append((key, value))
                    rest = index < rest.endIndex ? rest[rest.index(after: index)...] : rest[rest.endIndex...]
                } else {
                    let word = rest.prefix { !$0.isWhitespace }
                    result.append((key, String(word)))
                    rest = rest[word.endIndex...]
                }
            }
        }
    }
}

/// Renders the shortcodes of one body: what `MarkdownRenderer` needs of the site and the theme.
struct ShortcodeRenderer: Sendable {
    let theme: Theme
    /// Site path of each post and page by its source file (`Content/posts/a.md` → `/posts/a/`), for `ref`.
    let addresses: [String: String]
    let baseURL: SiteURL
    /// The sources in order, and the first source of each file name without its date.
    private let sources: [String]
    private let byName: [String: String]
    /// The theme's shortcode templates, by name, and their hash (in every body's cache key).
    let names: Set<String>
    let fingerprint: UInt64

    init(theme: Theme, addresses: [String: String], baseURL: SiteURL) {
        self.theme = theme
        self.addresses = addresses
        self.baseURL = baseURL
        names = theme.shortcodes
        fingerprint = theme.shortcodesFingerprint
        sources = addresses.keys.sorted()
        var byName: [String: String] = [:]
        for source in sources where byName[Self.name(source)] == nil { byName[Self.name(source)] = source }
        self.byName = byName
    }

    private static func name(_ path: String) -> String { Slug.fromFileName(String(path.split(separator: "/").last ?? "")) }

    /// The address `ref`/`relref` names: a source path, or its end (`posts/other.md`,
    /// `other.md`, `other`), or the file's name without its date (`other.md` for
    /// `2014-05-01-other.md`); nil when no post or page has it.
    func address(of target: String) -> String? {
        let wanted = target.hasPrefix("/") ? String(target.dropFirst()) : target
        let candidates = [wanted, wanted + ".md", wanted + "/index.md"]
        if let exact = candidates.lazy.compactMap({ addresses["Content/" + $0] ?? addresses["Content/posts/" + $0] }).first { return exact }
        if wanted.contains("/"), let bySuffix = sources.first(where: { key in candidates.contains { key.hasSuffix("/" + $0) } }) {
            return addresses[bySuffix]
        }
        return byName[Self.name(wanted)].flatMap { addresses[$0] }
    }

    /// The Markdown with each shortcode replaced: Markdown output and built-ins as text, HTML
    /// output by a placeholder (added to `placeholders`). `page`: the file, for `param`;
    /// `markdownToHTML`: renders a pair's inner text for `innerHTML`.
    func expand(_ markdown: String, calls: [Shortcodes.Call], page: ContentFile?, placeholders: inout [Placeholder],
                markdownToHTML: (String) -> String) -> String {
        let bytes = Array(markdown.utf8)
        var out = ""
        var position = 0
        for call in calls where call.range.lowerBound >= position {
            out += String(decoding: bytes[position..<call.range.lowerBound], as: UTF8.self)
            position = call.range.upperBound
            if let text = call.escapedText { out += text; continue }
            switch call.name {
            case "highlight":
                let language = call.argument(0, or: "lang") ?? ""
                let options = call.positional.count > 1 ? " {\(call.positional[1])}" : ""
                let code = (call.inner ?? "").trimmingCharacters(in: .newlines)
                out += "\n```\(language)\(options)\n\(code)\n```\n"
            case "ref", "relref":
                let path = call.argument(0, or: "path").flatMap(address(of:)) ?? ""
                out += call.name == "ref" ? baseURL.absolute(path) : baseURL.link(path)
            case "param":
                out += call.argument(0, or: "name").flatMap { param($0, of: page) } ?? ""
            default:
                guard names.contains(call.name) else { continue } // checked before the build renders
                let output = theme.render(partial: "shortcodes/" + call.name, context(call, markdownToHTML: markdownToHTML))
                if call.markdownOutput {
                    out += output
                } else {
                    let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
                    // In summaries and search: the words between a pair, on one line.
                    let text = (call.inner ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
                    out += Placeholder.add(Placeholder(html: trimmed, text: text, block: Self.isBlock(trimmed)), to: &placeholders)
                }
            }
        }
        return out + String(decoding: bytes[position...], as: UTF8.self)
    }

    /// What a shortcode's template reads: `args`, `arg0`…, the named values, `inner`, `innerHTML`.
    private func context(_ call: Shortcodes.Call, markdownToHTML: (String) -> String) -> TemplateValue {
        var values: [String: Any] = ["args": call.positional, "name": call.name]
        for (index, value) in call.positional.enumerated() { values["arg\(index)"] = value }
        // `id` and `user` as the embeds take them: named, or the last and the first positional
        // (`{{< youtube ID >}}`, `{{< gist USER ID >}}`).
        if let last = call.positional.last { values["id"] = last }
        if call.positional.count > 1 { values["user"] = call.positional[0] }
        for (key, value) in call.named { values[key] = value }
        if let inner = call.inner {
            values["inner"] = inner
            values["innerHTML"] = TemplateValue.html(LazyText(markdownToHTML(inner)))
        }
        return TemplateValue.from(values) ?? .flag(false)
    }

    /// A front matter value of the page (`param "series"`, or under Hugo's `params:`).
    private func param(_ key: String, of page: ContentFile?) -> String? {
        guard let raw = page?.frontMatter.raw else { return nil }
        let lower = key.lowercased()
        if let value = try? raw.string(lower) { return value }
        return ((try? raw.map("params")) ?? nil).flatMap { try? $0.string(key) ?? $0.string(lower) }
    }

    /// Output that opens with a block element stands in for its paragraph.
    private static func isBlock(_ html: String) -> Bool {
        let blocks = ["<div", "<figure", "<blockquote", "<iframe", "<p", "<section", "<aside", "<pre", "<table", "<ul", "<ol", "<details", "<video", "<h"]
        return blocks.contains { html.hasPrefix($0) }
    }
}
