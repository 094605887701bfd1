import Foundation

/// Imported HTML (Hatena Blog's, WordPress's) → Markdown: what maps cleanly (headings, paragraphs, lists,
/// links, emphasis, code, quotes, images, simple tables) becomes Markdown; the rest
/// stays HTML (and the post is marked `html: true` so it is shown, not escaped).
/// Hatena's own markup is cleaned: keyword links unwrapped, link-card iframes made
/// plain links, fotolife images kept as notation with their size, footnotes made
/// Markdown footnotes, pasted AdSense code removed.
struct HTMLToMarkdown {
    private(set) var footnotes: [String] = []
    /// Set when some HTML had to be kept as it is.
    private(set) var keptHTML = false

    mutating func convert(_ html: String) -> String {
        let root = HTMLNode.parse(html)
        var markdown = blocks(root.children).trimmingCharacters(in: .whitespacesAndNewlines)
        if !footnotes.isEmpty {
            markdown += "\n\n" + footnotes.enumerated().map { "[^\($0.offset + 1)]: \($0.element)" }.joined(separator: "\n")
        }
        // Runs of blank lines from removed elements.
        while markdown.contains("\n\n\n") { markdown = markdown.replacingAll("\n\n\n", with: "\n\n") }
        return markdown
    }

    // MARK: Blocks

    mutating func blocks(_ nodes: [HTMLNode]) -> String {
        var out = ""
        var inline = ""
        func flush() {
            let text = inline.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { out += text + "\n\n" }
            inline = ""
        }
        for node in nodes {
            if isBlock(node) {
                flush()
                out += block(node)
            } else {
                inline += self.inline(node)
            }
        }
        flush()
        return out
    }

    func isBlock(_ node: HTMLNode) -> Bool {
        guard node.kind == .element else { return node.kind == .comment && isMore(node) }
        return ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "hr",
                "section", "figure", "iframe", "script", "ins", "dl", "cite"].contains(node.name)
    }

    func isMore(_ node: HTMLNode) -> Bool {
        node.kind == .comment && node.text.trimmingCharacters(in: .whitespaces).lowercased() == "more"
    }

    mutating func block(_ node: HTMLNode) -> String {
        if isMore(node) { return "<!--more-->\n\n" }
        if isAd(node) { return "" }
        switch node.name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = Int(String(node.name.last!))!
            return String(repeating: "#", count: level) + " " + inlines(node.children).trimmingCharacters(in: .whitespaces) + "\n\n"
        case "p":
            let text = inlines(node.children).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? "" : text + "\n\n"
        case "hr":
            return "---\n\n"
        case "ul", "ol":
            return list(node, depth: 0) + "\n"
        case "blockquote":
            let inner = blocks(node.children).trimmingCharacters(in: .whitespacesAndNewlines)
            return inner.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n") + "\n\n"
        case "pre":
            // Hatena's `data-lang` / `lang-x`; WordPress's `<pre><code class="language-x">`.
            let codeElement = node.children.first { $0.kind == .element && $0.name == "code" }
            let language = node.attr("data-lang") ?? node.classes.first { $0.hasPrefix("lang-") }.map { String($0.dropFirst(5)) }
                ?? codeElement?.classes.first { $0.hasPrefix("language-") }.map { String($0.dropFirst(9)) } ?? ""
            var code = node.textContent
            if code.hasSuffix("\n") { code.removeLast() }
            let fence = code.contains("```") ? "~~~~" : "```"
            return fence + language + "\n" + code + "\n" + fence + "\n\n"
        case "table":
            return table(node)
        case "iframe":
            return linkCard(node).map { $0 + "\n\n" } ?? keep(node) + "\n\n"
        case "cite":
            // Hatena puts a citation line under link cards; the link card already names the page.
            return node.classes.contains("hatena-citation") ? "" : inlines(node.children) + "\n\n"
        case "div", "section", "figure":
            if node.classes.contains("footnote") { collectFootnoteDefinitions(node); return "" }
            return blocks(node.children)
        case "script":
            return keep(node) + "\n\n"
        default:
            return keep(node) + "\n\n"
        }
    }

    mutating func list(_ node: HTMLNode, depth: Int) -> String {
        var out = ""
        var number = 1
        for item in node.children where item.kind == .element && item.name == "li" {
            let marker = node.name == "ol" ? "\(number). " : "- "
            number += 1
            let indent = String(repeating: "  ", count: depth) + String(repeating: " ", count: depth > 0 && node.name == "ol" ? 1 : 0)
            let nested = item.children.filter { $0.kind == .element && ($0.name == "ul" || $0.name == "ol") }
            let text = inlines(item.children.filter { child in !nested.contains { $0 === child } })
                .trimmingCharacters(in: .whitespacesAndNewlines)
            out += indent + marker + text + "\n"
            for sub in nested { out += list(sub, depth: depth + 1) }
        }
        return out
    }

    /// A GFM table when every cell is plain inline content; HTML otherwise.
    mutating func table(_ node: HTMLNode) -> String {
        var rows: [[HTMLNode]] = []
        func collect(_ n: HTMLNode) {
            for child in n.children where child.kind == .element {
                if child.name == "tr" { rows.append(child.children.filter { $0.kind == .element && ($0.name == "td" || $0.name == "th") }) }
                else { collect(child) }
            }
        }
        collect(node)
        let simple = !rows.isEmpty && rows.allSatisfy { $0.count == rows[0].count }
            && rows.joined().allSatisfy { $0.attr("colspan") == nil && $0.attr("rowspan") == nil && !$0.children.contains(where: isBlock) }
        guard simple else { return keep(node) + "\n\n" }
        func row(_ cells: [HTMLNode]) -> String {
            "| " + cells.map { inlines($0.children).replacingAll("|", with: "\\|").replacingAll("\n", with: " ").trimmingCharacters(in: .whitespaces) }
                .joined(separator: " | ") + " |"
        }
        var lines = [row(rows[0]), "| " + Array(repeating: "---", count: rows[0].count).joined(separator: " | ") + " |"]
        lines += rows.dropFirst().map(row)
        return lines.joined(separator: "\n") + "\n\n"
    }

    // MARK: Inline

    mutating func inlines(_ nodes: [HTMLNode]) -> String { nodes.map { inline($0) }.joined() }

    mutating func inline(_ node: HTMLNode) -> String {
        switch node.kind {
        case .text: return escape(node.text)
        case .comment: return ""
        case .element: break
        }
        if isAd(node) { return "" }
        switch node.name {
        case "br": return "  \n"
        case "strong", "b": return wrap("**", inlines(node.children))
        case "em", "i": return wrap("*", inlines(node.children))
        case "del", "s", "strike": return wrap("~~", inlines(node.children))
        case "code":
            let code = node.textContent
            let fence = code.contains("`") ? "``" : "`"
            return fence + code + fence
        case "a":
            return link(node)
        case "img":
            return image(node)
        case "sup":
            if let ref = footnoteReference(node) { return ref }
            return keep(node)
        case "span":
            // Hatena wraps photos in microdata spans (itemscope, itemtype): nothing to keep.
            let microdataOnly = node.attributes.keys.allSatisfy { ["itemscope", "itemtype", "itemprop"].contains($0) }
            if node.classes.contains("footnote-text") || microdataOnly || node.classes.contains("keyword") { return inlines(node.children) }
            return keep(node)
        case "iframe":
            return linkCard(node) ?? keep(node)
        default:
            return keep(node)
        }
    }

    func wrap(_ marker: String, _ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? text : marker + trimmed + marker
    }

    mutating func link(_ node: HTMLNode) -> String {
        let href = node.attr("href") ?? ""
        // Hatena keyword auto-links: just the word.
        if node.classes.contains("keyword") || href.contains("d.hatena.ne.jp/keyword/") || href.contains("/keyword/") && href.contains("hatena") {
            return inlines(node.children)
        }
        if let footnote = footnoteReference(node) { return footnote }
        let text = inlines(node.children)
        if href.isEmpty || !SafeURL.isAllowed(href) { return text }
        if text == href || text == escape(href) { return "<\(href)>" }
        return "[\(text)](\(href.replacingAll(" ", with: "%20").replacingAll(")", with: "%29")))"
    }

    /// Hatena footnote references: `<a href="#f-…" name="fn-…" title="text">*1</a>`.
    mutating func footnoteReference(_ node: HTMLNode) -> String? {
        let anchor = node.name == "a" ? node : node.children.first { $0.kind == .element && $0.name == "a" }
        guard let anchor, let href = anchor.attr("href"), href.hasPrefix("#f-") || anchor.classes.contains("footnote") else { return nil }
        let text = anchor.attr("title") ?? ""
        footnotes.append(text.isEmpty ? anchor.textContent : escape(text))
        return "[^\(footnotes.count)]"
    }

    /// The footnote list at the end of a Hatena post: its texts are already known
    /// from the references' titles; fill in any that were missing.
    mutating func collectFootnoteDefinitions(_ node: HTMLNode) {
        var texts: [String] = []
        func walk(_ n: HTMLNode) {
            if n.kind == .element && n.classes.contains("footnote-text") { texts.append(escape(n.textContent)) }
            n.children.forEach(walk)
        }
        walk(node)
        for (index, text) in texts.enumerated() where index < footnotes.count && footnotes[index].isEmpty {
            footnotes[index] = text
        }
    }

    mutating func image(_ node: HTMLNode) -> String {
        let src = node.attr("src") ?? ""
        let alt = node.attr("alt") ?? node.attr("title") ?? ""
        if let notation = HatenaNotation.fotolifeNotation(src: src, width: node.attr("width"), height: node.attr("height"), alt: alt) {
            return notation
        }
        guard SafeURL.isAllowed(src, image: true) else { return escape(alt) }
        return "![\(escape(alt))](\(src))"
    }

    /// `<iframe class="embed-card" src="https://hatenablog-parts.com/embed?url=…" title="…">` → a plain link.
    func linkCard(_ node: HTMLNode) -> String? {
        guard let src = node.attr("src"), src.contains("hatenablog-parts.com/embed") || node.classes.contains("embed-card"),
              let components = URLComponents(string: src),
              let url = components.queryItems?.first(where: { $0.name == "url" })?.value else { return nil }
        let title = node.attr("title").map(escape) ?? url
        return "[\(title)](\(url))"
    }

    func isAd(_ node: HTMLNode) -> Bool {
        guard node.kind == .element else { return false }
        if node.name == "ins" && node.classes.contains("adsbygoogle") { return true }
        if node.name == "script" && (node.attr("src")?.contains("adsbygoogle") == true || node.textContent.contains("adsbygoogle")) { return true }
        return false
    }

    /// Keeps an element as HTML, through the sanitizer: only what is allowed by name stays.
    mutating func keep(_ node: HTMLNode) -> String {
        keptHTML = true
        return HTMLSanitizer.clean(Self.html(node))
    }

    static func html(_ node: HTMLNode) -> String {
        switch node.kind {
        case .text: return Escape.html(node.text).replacingAll("&#39;", with: "'").replacingAll("&quot;", with: "\"")
        case .comment: return "<!--\(node.text)-->"
        case .element:
            let attrs = node.attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(Escape.html($0.value))\"" }.joined()
            if HTMLNode.voidElements.contains(node.name) { return "<\(node.name)\(attrs)>" }
            let inner = HTMLNode.rawText.contains(node.name) ? node.textContent : node.children.map(html).joined()
            return "<\(node.name)\(attrs)>\(inner)</\(node.name)>"
        }
    }

    /// Markdown-significant characters in plain text. Brackets are left as they are
    /// (so Hatena notation typed in a post keeps working) unless they would form a link.
    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "*", "_", "`", "<": out += "\\" + String(character)
            case "\u{00A0}": out += " "
            default: out.append(character)
            }
        }
        return out.replacingAll("](", with: "\\](")
    }
}
