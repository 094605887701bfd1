import CCmarkGFM
import Foundation

/// A post's table of contents: its h2 and h3 headings as a nested list of links to their
/// ids, in a `<details>` box the theme styles. It stands where a paragraph says only `[TOC]`
/// (or Hatena's `[:contents]`), else, when the post asks for one (`toc: true`), right before
/// its first h2.
enum TableOfContents {
    static let markers: Set<String> = ["[TOC]", "[:contents]"]

    /// Whether a paragraph is a marker: its text, and nothing else, is `[TOC]` or `[:contents]`
    /// (cmark-gfm may hold the brackets as text nodes of their own).
    /// Asked of every paragraph: it reads at most a few bytes of each before it says no.
    static func isMarker(paragraph node: OpaquePointer) -> Bool {
        var bytes: [UInt8] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            guard cmark_node_get_type(current) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(current) else { return false }
            let length = strnlen(literal, 17)
            guard bytes.count + length <= 16 else { return false }
            literal.withMemoryRebound(to: UInt8.self, capacity: length) { bytes += UnsafeBufferPointer(start: $0, count: length) }
            child = cmark_node_next(current)
        }
        return markers.contains(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
    }

    /// The box for `headings` (nil when there is no h2 or h3 to list).
    static func html(_ headings: [Heading], label: String) -> String? {
        let listed = headings.filter { $0.level == 2 || $0.level == 3 }
        guard !listed.isEmpty else { return nil }
        var out = "<details class=\"toc\" open>\n<summary>\(Escape.html(label))</summary>\n<nav aria-label=\"\(Escape.html(label))\">\n<ol>\n"
        var itemOpen = false, subOpen = false
        for heading in listed {
            let link = "<a href=\"#\(Escape.html(heading.id))\">\(Escape.html(heading.text))</a>"
            if heading.level == 2 {
                if subOpen { out += "</ol>"; subOpen = false }
                if itemOpen { out += "</li>\n" }
                out += "<li>" + link
                itemOpen = true
            } else {
                if !itemOpen { out += "<li>"; itemOpen = true } // an h3 before any h2
                if !subOpen { out += "<ol>"; subOpen = true }
                out += "<li>" + link + "</li>"
            }
        }
        if subOpen { out += "</ol>" }
        if itemOpen { out += "</li>\n" }
        return out + "</ol>\n</nav>\n</details>\n"
    }
}
