import CCmarkGFM
import Foundation

/// A heading of a rendered document, for ids and tables of contents.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
}

/// What rendering one Markdown document gives.
public struct RenderedMarkdown: Sendable {
    /// The HTML as cmark-gfm wrote it (valid UTF-8: the source was a `String`), kept as bytes:
    /// a post's body goes into its page and the cache as bytes, never made a `String` (`html`).
    var htmlBytes: [UInt8]
    public var html: String { String(decoding: htmlBytes, as: UTF8.self) }
    /// The prose as plain text (no code blocks, raw HTML or footnotes), for summaries and search,
    /// as UTF-8 (it goes to the cache and the search index as bytes; `text` makes it a `String`).
    var textBytes: [UInt8]
    public var text: String { String(decoding: textBytes, as: UTF8.self) }
    /// The plain text before `<!--more-->`, when the writer put one in.
    public var textBeforeMore: String?
    /// Text inside code blocks, counted for reading time but never shown in summaries.
    public var codeText: String
    public var headings: [Heading]
    /// Sources of images written without alt text (`![](a.png)`), for `sitegen check`.
    public var imagesWithoutAlt: [String] = []
    /// The body's first image as written (`/images/a.png`, an https URL), for share cards.
    public var firstImage: String? = nil
}

/// Markdown → HTML with cmark-gfm and the GFM extensions (table, strikethrough,
/// autolink, tagfilter, tasklist) plus footnotes.
public struct MarkdownRenderer: Sendable {
    public var allowRawHTML: Bool
    /// The path the site lives under (`/blog/`): root-relative links and images in
    /// posts (`/images/a.png`) get it, so they work when the site is not at the host root.
    public var basePath: String
    /// The heading of the footnotes section (脚注 / Footnotes), visible to screen readers.
    public var footnotesLabel: String
    /// Render Hatena Blog notation (`[f:id:…]`, `[https://…:title=…]`); `markdown.hatena: false` turns it off.
    public var hatena: Bool
    /// Raw HTML is published through `HTMLSanitizer` (posts with `html: true`, on a site
    /// that does not let raw HTML through as it is).
    var sanitizesHTML = false
    /// Highlight fenced code in a known language (`CodeHighlighter`); `markdown.highlight: false` turns it off.
    public var highlight: Bool
    /// A table of contents before the first h2 (`toc:` in site.yml, or a post's own `toc:`).
    public var tableOfContents: Bool
    /// The table of contents' title (目次 / Contents).
    public var tocLabel: String
    /// Ids the page has besides the body's (the theme's `id="main"`…): no heading takes one.
    public var reservedIDs: [String]
    /// Hugo's shortcodes, rendered through the theme (nil: left as text, as in `check`'s lints).
    var shortcodes: ShortcodeRenderer?
    /// The file being rendered, when it has shortcodes (`param` reads its front matter).
    var page: ContentFile?
    /// What the image stage made of the site's images: `<img>`s of processed images become
    /// `<picture>`s (`PictureMarkup`). Nil: images stay as written, with their loading hints.
    var images: ImageCatalog?
    /// The site path of the page being rendered, which relative image sources are read from.
    var pagePath = "/"

    public init(allowRawHTML: Bool, basePath: String = "/", footnotesLabel: String = "Footnotes", hatena: Bool = true,
                highlight: Bool = true, tableOfContents: Bool = false, tocLabel: String = "Contents", reservedIDs: [String] = []) {
        self.tableOfContents = tableOfContents
        self.tocLabel = tocLabel
        self.reservedIDs = reservedIDs
        self.allowRawHTML = allowRawHTML
        self.basePath = basePath
        self.footnotesLabel = footnotesLabel
        self.hatena = hatena
        self.highlight = highlight
    }

    /// Every setting that changes the output, into the Markdown cache's keys (hashed as they
    /// are: joined into a string first, they cost more than the rest of a cached post's key).
    func combineSettings(into hasher: inout StableHasher) {
        hasher.combine(allowRawHTML ? 1 : 0)
        hasher.combine(basePath)
        hasher.combine(footnotesLabel)
        hasher.combine(hatena ? 1 : 0)
        hasher.combine(HTMLSanitizer.version)
        hasher.combine(highlight ? CodeHighlighter.version : "")
        hasher.combine(tableOfContents ? 1 : 0)
        hasher.combine(tocLabel)
        hasher.combine(reservedIDs.count)
        for id in reservedIDs { hasher.combine(id) }
        hasher.combine(shortcodes?.fingerprint ?? 0)
        hasher.combine(PictureMarkup.version)
    }

    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    /// cmark-gfm keeps the characters its extensions react to (`~`, `:`, `w`, `@`…) in one table
    /// for the whole process, switched on at the start of each document's inline parsing (in
    /// `cmark_parser_finish`) and off at its end. Two threads finishing at once would switch each
    /// other's off halfway (a post would lose its strikethrough and links from that point on), so
    /// `cmark_parser_finish` takes turns. Reading blocks (`cmark_parser_feed`), walking the tree
    /// and writing HTML run on every core at once.
    static let inlineParsing = NSLock()

    /// The cmark-gfm version whose block reading was checked not to touch that table. Later
    /// versions switch it in the table extension too, while reading blocks: with any other
    /// version, reading takes turns as well.
    static let isCheckedVersion = String(cString: cmark_version_string()) == "0.29.0.gfm.6"

    /// Registering the core extensions mutates a global list; do it once, before any thread parses.
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The renderer for one file: `html: true` in its front matter lets its raw HTML
    /// through the sanitizer (imported posts whose HTML had no Markdown equivalent);
    /// Markdown links keep cmark-gfm's own rule on URLs.
    /// `path`: the page's site path, which relative image sources are read from.
    func `for`(_ file: ContentFile, at path: String) -> MarkdownRenderer {
        let toc = file.frontMatter.toc ?? tableOfContents
        let sanitizes = !allowRawHTML && file.frontMatter.allowsHTML
        guard sanitizes || toc != tableOfContents || !file.shortcodes.isEmpty || !file.images.isEmpty else { return self }
        var copy = self
        copy.pagePath = path
        copy.sanitizesHTML = sanitizes
        copy.tableOfContents = toc
        if !file.shortcodes.isEmpty { copy.page = file }
        return copy
    }

    /// Without CMARK_OPT_VALIDATE_UTF8: the text comes from a Swift `String`, valid UTF-8
    /// already, and checking it again line by line was a twentieth of cmark-gfm's time.
    var options: Int32 {
        CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES | (allowRawHTML ? CMARK_OPT_UNSAFE : 0)
    }

    public func render(_ markdown: String) -> RenderedMarkdown {
        _ = Self.registered
        var source = markdown
        var placeholders: [Placeholder] = []
        if let shortcodes, Shortcodes.mayContain(markdown) {
            let calls = Shortcodes.calls(in: markdown, code: verbatimRanges(markdown, html: false))
            if !calls.isEmpty {
                var inner = self
                inner.tableOfContents = false
                source = shortcodes.expand(markdown, calls: calls, page: page, placeholders: &placeholders,
                                           markdownToHTML: { inner.render($0).html })
            }
        }
        if hatena && HatenaNotation.mayContain(source) {
            (source, placeholders) = HatenaNotation.preprocess(source, untouched: verbatimRanges(source), placeholders: placeholders)
        }
        // Everything cmark-gfm allocates lives in this thread's arena until the closure returns
        // (or, for a very long post, is freed as soon as it is done with): what leaves it is
        // Swift values (no node pointer outlives it).
        var rendered = MarkdownArena.withAllocator(documentSize: source.utf8.count) { mem -> RenderedMarkdown in
            guard let parser = cmark_parser_new_with_mem(options, mem) else { fatalError("cmark-gfm could not allocate a parser") }
            defer { cmark_parser_free(parser) }
            for name in Self.extensionNames {
                if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
            }
            func feed() {
                source.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
                }
            }
            if Self.isCheckedVersion { feed() } else { Self.inlineParsing.withLock(feed) }
            guard let document = Self.inlineParsing.withLock({ cmark_parser_finish(parser) }) else {
                fatalError("cmark-gfm could not finish parsing")
            }

            var walk = DocumentWalk(basePath: basePath, collectsHTML: sanitizesHTML)
            walk.run(document)
            for node in walk.moreMarkers {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
            Self.sanitize(walk.htmlNodes, mem: mem)
            let tocBoxes = placeTableOfContents(walk, mem: mem)
            let extensions = cmark_parser_get_syntax_extensions(parser)
            let headings = HeadingIDs.assign(walk.headingNodes, reserved: reservedIDs + HeadingIDs.footnoteIDs(in: source),
                                             options: options, extensions: extensions, mem: mem)
            let toc = TableOfContents.html(headings, label: tocLabel) ?? ""
            for box in tocBoxes { cmark_node_set_on_enter(box, toc) }
            if highlight { CodeHighlighter.replace(walk.codeBlocks, mem: mem) }
            guard let html = cmark_render_html_with_mem(document, options, extensions, mem) else {
                fatalError("cmark-gfm could not render HTML")
            }
            // The tree goes before the HTML is copied out, and the HTML right after: a long
            // post's tree is twice its text (in the arena, freeing waits for the closure's end).
            cmark_node_free(document)
            MarkdownArena.returnFreed(mem)
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(html).assumingMemoryBound(to: UInt8.self), count: strlen(html))
            let htmlBytes = Array(bytes)
            mem.pointee.free(html)
            return RenderedMarkdown(htmlBytes: htmlBytes, textBytes: walk.text.bytes, textBeforeMore: walk.textBeforeMore,
                                    codeText: walk.code, headings: headings, imagesWithoutAlt: walk.imagesWithoutAlt,
                                    firstImage: walk.firstImage)
        }
        var html = rendered.htmlBytes
            // A section needs a heading to be announced as more than "section".
            .replacingAll("<section class=\"footnotes\" data-footnotes>",
                          with: "<section class=\"footnotes\" data-footnotes>\n<h2 class=\"visually-hidden\">\(Escape.html(footnotesLabel))</h2>")
        if !placeholders.isEmpty {
            html = Array(Placeholder.restore(String(decoding: html, as: UTF8.self), placeholders, html: true).utf8)
            rendered.textBytes = Array(Placeholder.restore(rendered.text, placeholders, html: false).utf8)
            rendered.textBeforeMore = rendered.textBeforeMore.map { Placeholder.restore($0, placeholders, html: false) }
        }
        // Sizes and formats of processed images, and the loading hints of all of them.
        let markup = PictureMarkup(catalog: images, basePath: basePath)
        if html.withUnsafeBufferPointer({ UTF8Scan.find("<img", in: $0, from: 0) }) != nil {
            html = Array(markup.rewrite(String(decoding: html, as: UTF8.self), pagePath: pagePath).utf8)
        }
        rendered.htmlBytes = html
        return rendered
    }
}

extension MarkdownRenderer {
    /// The byte ranges of `markdown` that hold code (spans, fenced and indented blocks, in
    /// quotes and lists too) or raw HTML, read from the syntax tree's source positions:
    /// Hatena notation is never rewritten there, and everywhere else it is. Parsed once more,
    /// only for the few posts that may hold notation.
    /// `html: false`: code only (shortcodes are read in raw HTML too, as Hugo reads them).
    func verbatimRanges(_ markdown: String, html: Bool = true) -> [Range<Int>] {
        let lineStarts = [0] + markdown.utf8.indices.filter { markdown.utf8[$0] == UInt8(ascii: "\n") }
            .map { markdown.utf8.distance(from: markdown.utf8.startIndex, to: $0) + 1 }
        let length = markdown.utf8.count
        func offset(line: Int32, column: Int32) -> Int {
            guard line >= 1, Int(line) <= lineStarts.count else { return length }
            return min(lineStarts[Int(line) - 1] + max(Int(column) - 1, 0), length)
        }
        func lineEnd(_ line: Int32) -> Int { Int(line) < lineStarts.count ? lineStarts[Int(line)] : length }
        return MarkdownArena.withAllocator(documentSize: markdown.utf8.count) { mem -> [Range<Int>] in
            guard let parser = cmark_parser_new_with_mem(options | CMARK_OPT_SOURCEPOS, mem) else { return [] }
            defer { cmark_parser_free(parser) }
            for name in Self.extensionNames {
                if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
            }
            func feed() {
                markdown.withUTF8Bytes { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
                }
            }
            // As the render does: reading blocks takes turns with a cmark-gfm version not checked for it.
            if Self.isCheckedVersion { feed() } else { Self.inlineParsing.withLock(feed) }
            guard let document = Self.inlineParsing.withLock({ cmark_parser_finish(parser) }) else { return [] }
            defer { cmark_node_free(document) }
            guard let iterator = cmark_iter_new(document) else { return [] }
            defer { cmark_iter_free(iterator) }
            var ranges: [Range<Int>] = []
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let (startLine, endLine) = (cmark_node_get_start_line(node), cmark_node_get_end_line(node))
                switch cmark_node_get_type(node) {
                case CMARK_NODE_HTML_BLOCK where !html, CMARK_NODE_HTML_INLINE where !html: break
                case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK: // whole lines, container prefixes included
                    ranges.append(offset(line: startLine, column: 1)..<max(lineEnd(endLine), offset(line: startLine, column: 1)))
                case CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                    let start = offset(line: startLine, column: cmark_node_get_start_column(node))
                    let end = offset(line: endLine, column: cmark_node_get_end_column(node) + 1)
                    if start < end { ranges.append(start..<end) }
                default: break
                }
            }
            return ranges
        }
    }

    /// Empty custom blocks where the table of contents goes (filled once the headings have
    /// their ids): each `[TOC]` paragraph, else before the first h2 when the post asks for one.
    func placeTableOfContents(_ walk: DocumentWalk, mem: UnsafeMutablePointer<cmark_mem>) -> [OpaquePointer] {
        func box() -> OpaquePointer? {
            guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem) else { return nil }
            cmark_node_set_on_exit(block, "")
            return block
        }
        if !walk.tocMarkers.isEmpty {
            return walk.tocMarkers.compactMap { marker in
                guard let block = box() else { return nil }
                cmark_node_replace(marker, block)
                cmark_node_free(marker)
                return block
            }
        }
        guard tableOfContents, let first = walk.headingNodes.first(where: { $0.level == 2 }), let block = box() else { return [] }
        cmark_node_insert_before(first.node, block)
        return [block]
    }

    /// Each raw HTML node becomes a custom node holding its sanitized HTML (written as it is
    /// by cmark-gfm, which writes raw HTML only with CMARK_OPT_UNSAFE).
    static func sanitize(_ nodes: [OpaquePointer], mem: UnsafeMutablePointer<cmark_mem>) {
        for node in nodes {
            let block = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            guard let literal = cmark_node_get_literal(node),
                  let custom = cmark_node_new_with_mem(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE, mem) else { continue }
            cmark_node_set_on_enter(custom, HTMLSanitizer.clean(String(cString: literal)))
            cmark_node_set_on_exit(custom, "")
            cmark_node_replace(node, custom)
            cmark_node_free(node)
        }
    }
}

/// One pass over the parsed document that gathers prose text, headings and the
/// `<!--more-->` marker.
struct DocumentWalk {
    let basePath: String
    /// Whether raw HTML nodes are gathered (`htmlNodes`), to be sanitized.
    var collectsHTML = false
    var htmlNodes: [OpaquePointer] = []
    /// Paragraphs that say only `[TOC]` or `[:contents]` (their text is not the post's).
    var tocMarkers: [OpaquePointer] = []

    var text = PlainText()
    var textBeforeMore: String?
    var code = ""
    var headingNodes: [(node: OpaquePointer, level: Int, text: String)] = []
    var moreMarkers: [OpaquePointer] = []
    /// Code blocks with an info string (a language, perhaps).
    var codeBlocks: [OpaquePointer] = []
    var imagesWithoutAlt: [String] = []
    var imageAlt: String?
    var firstImage: String?

    mutating func run(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var skipDepth = 0 // inside footnote definitions
        var headingText: PlainText?
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_FOOTNOTE_DEFINITION:
                skipDepth += entering ? 1 : -1
            case CMARK_NODE_HEADING:
                if entering {
                    headingText = PlainText()
                } else if let heading = headingText {
                    headingNodes.append((node, Int(cmark_node_get_heading_level(node)), heading.joined()))
                    headingText = nil
                    text.breakBlock()
                }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard skipDepth == 0, let literal = cmark_node_get_literal(node) else { continue }
                // The bytes as cmark-gfm holds them (valid UTF-8: the source was a `String`), not a `String` per node.
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
                if imageAlt != nil { imageAlt! += String(decoding: bytes, as: UTF8.self) }
                text.append(utf8: bytes)
                headingText?.append(utf8: bytes)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.breakLine()
                headingText?.breakLine()
            case CMARK_NODE_CODE_BLOCK:
                if let literal = cmark_node_get_literal(node) { code += String(cString: literal) }
                if let info = cmark_node_get_fence_info(node), info.pointee != 0 { codeBlocks.append(node) }
            case CMARK_NODE_HTML_BLOCK:
                if Self.isMoreMarker(cmark_node_get_literal(node)) {
                    if textBeforeMore == nil { textBeforeMore = text.joined() }
                    moreMarkers.append(node)
                } else if collectsHTML {
                    htmlNodes.append(node)
                }
            case CMARK_NODE_HTML_INLINE:
                if collectsHTML { htmlNodes.append(node) }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if type == CMARK_NODE_IMAGE {
                    if entering {
                        imageAlt = ""
                        if firstImage == nil { firstImage = cmark_node_get_url(node).map { String(cString: $0) } }
                    } else {
                        if imageAlt?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                            imagesWithoutAlt.append(cmark_node_get_url(node).map { String(cString: $0) } ?? "")
                        }
                        imageAlt = nil
                    }
                }
                if entering, basePath != "/", let url = cmark_node_get_url(node).map({ String(cString: $0) }),
                   url.hasPrefix("/"), !url.hasPrefix("//"), !url.hasPrefix(basePath) {
                    cmark_node_set_url(node, basePath + url.dropFirst())
                }
            case CMARK_NODE_PARAGRAPH where entering && TableOfContents.isMarker(paragraph: node):
                tocMarkers.append(node)
                skipDepth += 1
            case CMARK_NODE_PARAGRAPH where !entering && tocMarkers.last == node:
                skipDepth -= 1
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE:
                if !entering { text.breakBlock() }
            default:
                // Table cells and rows are extension nodes; separate their text too.
                if !entering, let name = cmark_node_get_type_string(node),
                   strcmp(name, "table_cell") == 0 || strcmp(name, "table_row") == 0 {
                    text.breakBlock()
                }
            }
        }
    }
}

extension DocumentWalk {
    /// Whether an HTML block is `<!--more-->` (any case, blank around it). ASCII, as it nearly
    /// always is, is read as bytes (Foundation's trimming cost 10,000 instructions a block);
    /// other text may have Unicode blanks around the marker, and goes through Foundation.
    static func isMoreMarker(_ literal: UnsafePointer<CChar>?) -> Bool {
        guard let literal else { return false }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "<!--more-->"
        }
        // Foundation's whitespace and newlines among ASCII: tab to carriage return, space.
        let trimmed = UTF8Scan.trimming(bytes) { $0 == 0x20 || (0x09...0x0D).contains($0) }
        let marker = "<!--more-->".utf8
        return trimmed.count == marker.count && zip(trimmed, marker).allSatisfy { ($0 | ($0 &- 0x41 < 26 ? 0x20 : 0)) == $1 }
    }
}

/// Gives each heading a stable, unique id (Japanese kept as it is): each heading is
/// rendered on its own, given its id, and put back as a custom block holding that HTML.
enum HeadingIDs {
    /// The ids cmark-gfm gives the footnotes defined in `markdown` and their references
    /// (`[^note]:` → `fn-note`, `fnref-note`, `fnref-note-2`…), read from the definitions' lines
    /// (the public API does not hand out a definition's label).
    static func footnoteIDs(in markdown: String) -> Set<String> {
        guard markdown.withUTF8Bytes({ UTF8Scan.find("[^", in: $0) }) != nil else { return [] }
        var ids = Set<String>()
        for match in markdown.matches(of: #/(?m)^ {0,3}\[\^([^\]\s]+)\]:/#) {
            let label = String(match.1)
            ids.formUnion(["fn-" + label, "fnref-" + label] + (2...9).map { "fnref-\(label)-\($0)" })
        }
        return ids
    }

    /// `reserved`: ids the page has already (the theme's, the footnotes'): a heading whose slug
    /// is taken, by one of them or by an earlier heading, gets the first free `slug-N`.
    static func assign(_ nodes: [(node: OpaquePointer, level: Int, text: String)], reserved: [String] = [], options: Int32,
                       extensions: UnsafeMutablePointer<cmark_llist>?, mem: UnsafeMutablePointer<cmark_mem>) -> [Heading] {
        guard !nodes.isEmpty else { return [] }
        var taken = Set(reserved.map(ByteKey.init)) // by bytes: slugs are composed already (see `Slug`)
        var headings: [Heading] = []
        for (node, level, text) in nodes {
            var base = Slug.make(text)
            if base.isEmpty { base = "section" }
            var id = base
            var n = 0
            while !taken.insert(ByteKey(id)).inserted {
                n += 1
                id = "\(base)-\(n)"
            }
            headings.append(Heading(level: level, text: text, id: id))
            guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem),
                  let rendered = cmark_render_html_with_mem(node, options, extensions, mem) else { continue }
            // "<h2>…</h2>\n" → "<h2 id=\"…\">…</h2>", in bytes (made a `String`, cut and joined,
            // it was 18,000 instructions a heading).
            let length = strlen(rendered)
            var html: [UInt8] = []
            html.reserveCapacity(length + id.utf8.count + 8)
            rendered.withMemoryRebound(to: UInt8.self, capacity: length) { start in
                let bytes = UnsafeBufferPointer(start: start, count: length)
                var end = length
                while end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                let digit = UInt8(ascii: "0") + UInt8(level)
                if end >= 4, bytes[0] == UInt8(ascii: "<"), bytes[1] == UInt8(ascii: "h"), bytes[2] == digit, bytes[3] == UInt8(ascii: ">") {
                    html += [UInt8(ascii: "<"), UInt8(ascii: "h"), digit]
                    html += #" id=""#.utf8
                    Escape.appendHTML(id, to: &html)
                    html += #"">"#.utf8
                    // The heading's text may wrap only between phrases (see `Phrases`).
                    html += Phrases.insertingBreaks(inHTML: String(decoding: UnsafeBufferPointer(rebasing: bytes[4..<end]), as: UTF8.self)).utf8
                } else {
                    html += UnsafeBufferPointer(rebasing: bytes[..<end])
                }
            }
            html.append(0)
            _ = html.withUnsafeBufferPointer { cmark_node_set_on_enter(block, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
            cmark_node_set_on_exit(block, "")
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
        return headings
    }
}
