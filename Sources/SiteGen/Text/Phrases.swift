/// Where a Japanese heading may wrap: between phrases (文節), not inside a word. Browsers
/// that know `word-break: auto-phrase` find these themselves; for the others (Safari, older
/// Chromium) the theme sets `word-break: keep-all` and sitegen writes `<wbr>` at the phrase
/// boundaries, so 「いい感じに書いてください」 wraps as いい感じに｜書いてください, never 書いてくださ｜い.
///
/// The rule, without a dictionary: a phrase ends where a run of kana particles and endings
/// (hiragana) meets the next content word (kanji, katakana, Latin), after 、。」 and the like,
/// and before 「（ and the like.
enum Phrases {
    enum Kind { case hiragana, content, opening, closing, space }

    static func kind(_ scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x3041...0x309F: return .hiragana
        case 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF01, 0xFF1F, 0x300D, 0x300F, 0xFF09, 0x3011, 0x3009, 0x300B, 0x201D: return .closing
        case 0x300C, 0x300E, 0xFF08, 0x3010, 0x3008, 0x300A, 0x201C: return .opening
        case 0x20, 0x09, 0x0A, 0x3000: return .space
        default: return .content
        }
    }

    /// Whether a line may break between `before` and `after`.
    static func breaks(between before: Unicode.Scalar, and after: Unicode.Scalar) -> Bool {
        switch (kind(before), kind(after)) {
        case (.hiragana, .content), (.hiragana, .opening), (.closing, .content), (.closing, .hiragana), (.closing, .opening),
             (.content, .opening): return true
        default: return false
        }
    }

    /// Whether the text has any kana: only Japanese gets `<wbr>`.
    static func isJapanese(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { (0x3041...0x30FF).contains($0.value) }
    }

    /// The positions in `scalars` before which a line may break: at phrase boundaries, and only
    /// where neither side is a single character (二つ目 stays whole; no line ends with an orphan).
    static func boundaries(_ scalars: [Unicode.Scalar]) -> Set<Int> {
        let candidates = scalars.indices.dropFirst().filter { breaks(between: scalars[$0 - 1], and: scalars[$0]) }
        var kept: [Int] = []
        for position in candidates {
            let start = kept.last ?? 0
            if position - start >= 2 { kept.append(position) }
        }
        // The last phrase must not be a single character either.
        if let last = kept.last, scalars.count - last < 2 { kept.removeLast() }
        return Set(kept)
    }

    /// `text` escaped for HTML, with `<wbr>` at its phrase boundaries.
    static func html(_ text: String) -> String {
        guard isJapanese(text) else { return Escape.html(text) }
        let scalars = Array(text.unicodeScalars)
        let breaks = boundaries(scalars)
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            if breaks.contains(index) { out += "<wbr>" }
            out += Escape.html(String(scalar))
        }
        return out
    }

    /// Rendered inline HTML (a heading's) with `<wbr>` at the phrase boundaries of its text:
    /// never inside a tag or `<code>`.
    static func insertingBreaks(inHTML html: String) -> String {
        guard isJapanese(html) else { return html }
        // The text's scalars (outside tags and code), each with its place in the HTML.
        var text: [Unicode.Scalar] = []
        var places: [Int] = []
        var inTag = false, codeDepth = 0
        var tag = ""
        let all = Array(html.unicodeScalars)
        for (index, scalar) in all.enumerated() {
            if inTag {
                tag.unicodeScalars.append(scalar)
                if scalar == ">" {
                    inTag = false
                    if tag.hasPrefix("<code") { codeDepth += 1 } else if tag.hasPrefix("</code") { codeDepth = max(codeDepth - 1, 0) }
                }
            } else if scalar == "<" {
                inTag = true
                tag = "<"
            } else if codeDepth == 0 {
                text.append(scalar)
                places.append(index)
            }
        }
        let breaks = Set(boundaries(text).map { places[$0] })
        var out = ""
        for (index, scalar) in all.enumerated() {
            if breaks.contains(index) { out += "<wbr>" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
