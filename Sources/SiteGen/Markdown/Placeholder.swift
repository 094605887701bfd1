import Foundation

/// HTML that sitegen makes itself (Hatena notation, shortcodes), standing outside cmark-gfm
/// while it renders: in the Markdown, a private-use character pair around the placeholder's
/// index, which cmark-gfm keeps as text; in the output, the HTML (in the HTML) or the text
/// (in the plain text for summaries and search).
struct Placeholder {
    var html: String
    var text: String
    /// Block HTML (a video, a figure): alone in a paragraph, it takes the paragraph's place.
    var block = false

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    /// Adds `placeholder` and returns the text that stands for it in the Markdown.
    static func add(_ placeholder: Placeholder, to placeholders: inout [Placeholder]) -> String {
        placeholders.append(placeholder)
        return "\(open)\(placeholders.count - 1)\(close)"
    }

    /// Puts the HTML (or the text) in place of each placeholder in rendered output.
    static func restore(_ text: String, _ placeholders: [Placeholder], html: Bool) -> String {
        guard !placeholders.isEmpty else { return text }
        var out = text
        for (index, placeholder) in placeholders.enumerated() {
            let token = "\(open)\(index)\(close)"
            if html && placeholder.block { out = out.replacingAll("<p>\(token)</p>", with: placeholder.html) }
            out = out.replacingAll(token, with: html ? placeholder.html : placeholder.text)
        }
        return out
    }
}
