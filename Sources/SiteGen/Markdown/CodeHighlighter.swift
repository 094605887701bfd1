import CCmarkGFM
import CHighlight
import Foundation

/// Fenced code in a known language, highlighted at build time by KSyntaxHighlighting
/// (Kate's engine: some 300 languages' definitions, kept up by the KDE project): spans
/// with `hl-…` classes that the theme colours, no script in the reader's browser.
enum CodeHighlighter {
    /// The names writers put after the fence, lowercased, mapped to the engine's
    /// definition names. A name not here is tried as a definition name as it is
    /// (`Haskell`, `Lua`…); an unknown one leaves the block plain.
    static let aliases: [String: String] = [
        "swift": "Swift", "js": "JavaScript", "javascript": "JavaScript", "jsx": "JavaScript React (JSX)",
        "mjs": "JavaScript", "ts": "TypeScript", "typescript": "TypeScript", "tsx": "TypeScript React (TSX)",
        "py": "Python", "python": "Python", "python3": "Python", "rb": "Ruby", "ruby": "Ruby",
        "go": "Go", "golang": "Go", "rs": "Rust", "rust": "Rust", "java": "Java", "kt": "Kotlin", "kotlin": "Kotlin",
        "c": "C", "h": "C", "cpp": "C++", "c++": "C++", "cxx": "C++", "hpp": "C++", "cs": "C#", "csharp": "C#", "c#": "C#",
        "php": "PHP/PHP", "sh": "Bash", "bash": "Bash", "shell": "Bash", "zsh": "Zsh", "console": "Bash", "shellsession": "Bash",
        "yaml": "YAML", "yml": "YAML", "json": "JSON", "toml": "TOML", "html": "HTML", "xml": "XML", "svg": "XML",
        "css": "CSS", "scss": "SCSS", "sass": "SASS", "sql": "SQL", "md": "Markdown", "markdown": "Markdown",
        "diff": "Diff", "patch": "Diff", "dockerfile": "Dockerfile", "docker": "Dockerfile", "makefile": "Makefile",
        "make": "Makefile", "lua": "Lua", "perl": "Perl", "r": "R Script", "scala": "Scala", "dart": "Dart",
        "elixir": "Elixir", "haskell": "Haskell", "ini": "INI Files", "nginx": "Nginx Configuration", "vim": "Vim Script",
        "powershell": "PowerShell", "ps1": "PowerShell", "objc": "Objective-C", "graphql": "GraphQL", "vue": "Vue",
    ]

    /// What decides the output besides the code and its language, for the Markdown cache's keys.
    static let version = "ksyntaxhighlighting " + String(cString: sitegen_highlight_version())

    /// The definition name for an info string's first word (`swift`, `Python`, `c++`); nil: none.
    static func definition(for language: String) -> String? {
        if let known = aliases[language.lowercased()] { return known }
        return knows(language) ? language : nil
    }

    /// Whether the engine has a definition of that name, asked once per name per process.
    private static func knows(_ name: String) -> Bool {
        lock.withLock {
            if let known = asked[name] { return known }
            let known = sitegen_highlight_knows(name) != 0
            asked[name] = known
            return known
        }
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var asked: [String: Bool] = [:] // only under `lock`

    /// `code` in `definition` as HTML for inside `<code>` (escaped, with spans); nil when the
    /// engine has no such definition.
    static func html(_ code: UnsafeBufferPointer<UInt8>, definition: String) -> [UInt8]? {
        var length = 0
        let made = code.withMemoryRebound(to: CChar.self) { sitegen_highlight(definition, $0.baseAddress, $0.count, &length) }
        guard let made else { return nil }
        defer { free(made) }
        return Array(UnsafeRawBufferPointer(start: made, count: length).bindMemory(to: UInt8.self))
    }
}

extension CodeHighlighter {
    /// Each code block whose info string starts with a known language becomes the same
    /// `<pre><code class="language-x">` cmark-gfm writes, its code highlighted inside (put
    /// back as a custom block holding that HTML, as `HeadingIDs` does). Others stay as they are.
    static func replace(_ blocks: [OpaquePointer], mem: UnsafeMutablePointer<cmark_mem>) {
        for node in blocks {
            guard let info = cmark_node_get_fence_info(node), let literal = cmark_node_get_literal(node) else { continue }
            // The language is the info string's first word, as cmark-gfm takes it for the class.
            let infoText = String(cString: info)
            let language = infoText.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first.map(String.init) ?? ""
            guard !language.isEmpty, let name = definition(for: language) else { continue }
            let options = LineOptions(info: infoText)
            let code = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
            guard let highlighted = html(code, definition: name),
                  let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem) else { continue }
            var out: [UInt8] = Array(#"<pre><code class="language-"#.utf8)
            Escape.appendHTML(language, to: &out)
            out += options.numbered ? #"" data-linenos>"#.utf8 : #"">"#.utf8
            out += options.isPlain ? highlighted : options.lines(highlighted)
            out += "</code></pre>".utf8
            out.append(0)
            _ = out.withUnsafeBufferPointer { cmark_node_set_on_enter(block, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
            cmark_node_set_on_exit(block, "")
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
    }
}

/// Per-block line options in the info string, as Hugo writes them:
/// ```` ```swift {linenos=true, hl_lines=[2, "4-5"]} ```` (or `linenos` and `hl_lines=2 4-5`).
/// Each line of such a block becomes a `<span class="line">` (with `hl` when highlighted);
/// the theme numbers them with a CSS counter, so copying the code copies no numbers.
struct LineOptions {
    var numbered = false
    var highlighted: Set<Int> = []

    init(info: String) {
        let rest = info.drop { $0 != " " && $0 != "\t" && $0 != "{" }
        guard !rest.isEmpty else { return }
        numbered = rest.range(of: #"linenos(\s*=\s*(true|table|inline))?\b"#, options: .regularExpression) != nil
            && rest.range(of: #"linenos\s*=\s*false"#, options: .regularExpression) == nil
        if let spec = rest.range(of: #"hl_lines\s*=\s*(\[[^\]]*\]|"[^"]*"|[0-9 ,-]+)"#, options: .regularExpression) {
            let numbers = rest[spec].drop { $0 != "=" }.dropFirst()
            for part in numbers.split(whereSeparator: { " ,[]\"".contains($0) }) {
                let bounds = part.split(separator: "-").compactMap { Int($0) }
                if bounds.count == 1 { highlighted.insert(bounds[0]) }
                if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 10_000 { highlighted.formUnion(bounds[0]...bounds[1]) }
            }
        }
    }

    var isPlain: Bool { !numbered && highlighted.isEmpty }

    /// Highlighted HTML (whose spans never cross a line) with each line wrapped.
    func lines(_ html: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(html.count * 2)
        var lines = html.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() } // the code's final newline
        for (index, line) in lines.enumerated() {
            out += (highlighted.contains(index + 1) ? #"<span class="line hl">"# : #"<span class="line">"#).utf8
            out += line
            out += "</span>\n".utf8
        }
        return out
    }
}
