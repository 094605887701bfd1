import Foundation

/// Parses a Mustache template into a `CompiledTemplate`, following the Mustache spec
/// (interpolation, sections, inverted sections, comments, partials, set delimiters and
/// inheritance). Lambdas and dynamic names (`{{>*name}}`) are not part of it: the build
/// hands templates plain data, so a template using them is a syntax error with its line.
///
/// Whitespace follows the spec's rules, decided here once so the renderer only writes:
/// a line holding nothing but white space and tags that print nothing (sections, comments,
/// partials, parents, blocks, delimiter changes) is "standalone" and removed whole; the
/// white space before a standalone partial or parent becomes the indentation of every
/// line it writes; a block's own indentation is taken off where it is written and the
/// indentation of the place it fills is put on (`Node.block`).
struct MustacheParser {
    struct SyntaxError: Error, Equatable {
        let message: String
        let line: Int
        let column: Int
    }

    /// A partial or parent a template names, with its line: the theme checks they exist.
    struct Reference: Equatable {
        let name: String
        let line: Int
    }

    static func parse(_ text: String) throws(SyntaxError) -> (template: CompiledTemplate, references: [Reference]) {
        var parser = MustacheParser(source: Array(text.utf8))
        let items = try parser.scan()
        var builder = TreeBuilder(items: parser.markStandalone(items))
        let template = try builder.build()
        return (template, builder.references)
    }

    // MARK: Scanning

    /// What a tag does, from the character after its opening delimiter.
    enum Kind: Equatable {
        case variable, unescaped, section, inverted, close, comment, partial, parent, block, delimiters

        /// Whether the tag prints nothing where it stands, so a line of them can be standalone.
        var canStandAlone: Bool { self != .variable && self != .unescaped }
    }

    struct Tag {
        let kind: Kind
        let name: String
        let line: Int
        let column: Int
    }

    /// Text (one line at most: it ends at a newline or a tag) or a tag, in source order.
    enum Item {
        case text([UInt8])
        case tag(Tag)
        /// The white space before a standalone partial, parent or block: its indentation.
        case indentation([UInt8])
    }

    private let source: [UInt8]
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private var position = 0
    private var line = 1
    private var lineStart = 0

    private init(source: [UInt8]) { self.source = source }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        let at = offset ?? position
        var line = 1, start = 0
        for index in 0..<min(at, source.count) where source[index] == UInt8(ascii: "\n") {
            line += 1
            start = index + 1
        }
        return SyntaxError(message: message, line: line, column: at - start + 1)
    }

    private func matches(_ delimiter: [UInt8], at offset: Int) -> Bool {
        guard offset + delimiter.count <= source.count else { return false }
        for index in delimiter.indices where source[offset + index] != delimiter[index] { return false }
        return true
    }

    /// The template as text pieces and tags; each text piece ends at a newline at the latest.
    private mutating func scan() throws(SyntaxError) -> [Item] {
        var items: [Item] = []
        var textStart = 0
        func flushText(upTo end: Int) {
            guard end > textStart else { return }
            items.append(.text(Array(source[textStart..<end])))
        }
        while position < source.count {
            if source[position] == UInt8(ascii: "\n") {
                flushText(upTo: position + 1)
                position += 1
                line += 1
                lineStart = position
                textStart = position
                continue
            }
            guard matches(open, at: position) else {
                position += 1
                continue
            }
            flushText(upTo: position)
            let tag = try scanTag()
            items.append(.tag(tag))
            textStart = position
        }
        flushText(upTo: source.count)
        return items
    }

    /// The tag at `position` (its opening delimiter), leaving `position` after it.
    private mutating func scanTag() throws(SyntaxError) -> Tag {
        let start = position
        let column = start - lineStart + 1
        let tagLine = line
        position += open.count
        guard position < source.count else { throw error("a tag is not closed", at: start) }
        var kind = Kind.variable
        var endDelimiter = close
        if source[position] != UInt8(ascii: "{") {
            while position < source.count, source[position] == UInt8(ascii: " ") || source[position] == UInt8(ascii: "\t") { position += 1 }
            guard position < source.count else { throw error("a tag is not closed", at: start) }
        }
        switch source[position] {
        case UInt8(ascii: "{") where open == Array("{{".utf8):
            kind = .unescaped
            endDelimiter = Array("}".utf8) + close
            position += 1
        case UInt8(ascii: "&"): kind = .unescaped; position += 1
        case UInt8(ascii: "#"): kind = .section; position += 1
        case UInt8(ascii: "^"): kind = .inverted; position += 1
        case UInt8(ascii: "/"): kind = .close; position += 1
        case UInt8(ascii: "!"): kind = .comment; position += 1
        case UInt8(ascii: ">"): kind = .partial; position += 1
        case UInt8(ascii: "<"): kind = .parent; position += 1
        case UInt8(ascii: "$"): kind = .block; position += 1
        case UInt8(ascii: "="): kind = .delimiters; position += 1
        default: break
        }
        let contentStart = position
        var end = position
        while end < source.count, !matches(endDelimiter, at: end) {
            if source[end] == UInt8(ascii: "\n") {
                // Only comments (and delimiter changes) may run over lines.
                guard kind == .comment || kind == .delimiters else {
                    throw error("a tag is not closed on its line (expected `\(String(decoding: endDelimiter, as: UTF8.self))`)", at: start)
                }
                line += 1
                lineStart = end + 1
            }
            end += 1
        }
        guard end < source.count else {
            throw error("a tag is not closed (expected `\(String(decoding: endDelimiter, as: UTF8.self))`)", at: start)
        }
        position = end + endDelimiter.count
        var content = String(decoding: source[contentStart..<end], as: UTF8.self)
        if kind == .delimiters {
            guard content.hasSuffix("=") else { throw error("a delimiter change must end with `=`", at: start) }
            content.removeLast()
            let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                throw error("a delimiter change takes two delimiters, as in `{{=<% %>=}}`", at: start)
            }
            open = Array(parts[0].utf8)
            close = Array(parts[1].utf8)
            return Tag(kind: kind, name: "", line: tagLine, column: column)
        }
        let name = content.trimmingCharacters(in: .whitespacesAndNewlines)
        if kind != .comment {
            guard !name.isEmpty else { throw error("a tag has no name", at: start) }
            if name.contains(where: { $0 == " " || $0 == "\t" }) || name.hasPrefix("*") || name.contains("(") {
                throw error("`\(name)` is not a name a template can use (no spaces, dynamic names or transforms)", at: start)
            }
        }
        return Tag(kind: kind, name: name, line: tagLine, column: column)
    }

    // MARK: Standalone lines

    /// Removes standalone lines' white space and newline, keeping the white space before a
    /// standalone partial, parent or block as its indentation.
    private func markStandalone(_ items: [Item]) -> [Item] {
        var result: [Item] = []
        result.reserveCapacity(items.count)
        var lineItems: [Item] = []
        var open: [Tag] = [] // sections, parents and blocks open at the start of the line
        func endLine() {
            defer { lineItems.removeAll(keepingCapacity: true) }
            guard isStandalone(lineItems, open: &open) else {
                result += lineItems
                return
            }
            var indentation: [UInt8] = []
            var placed = false
            for item in lineItems {
                switch item {
                case .text(let bytes):
                    if !placed { indentation += bytes.filter { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } }
                case .tag(let tag):
                    if tag.kind == .partial || tag.kind == .parent || tag.kind == .block { result.append(.indentation(indentation)) }
                    placed = true
                    result.append(item)
                case .indentation:
                    break
                }
            }
        }
        for item in items {
            lineItems.append(item)
            if case .text(let bytes) = item, bytes.last == UInt8(ascii: "\n") { endLine() }
        }
        endLine()
        return result
    }

    /// A line of white space and one tag that prints nothing (a section's, a comment, a
    /// partial, a delimiter change), or of inheritance tags only (`{{<parent}}{{$block}}`,
    /// `{{/block}}{{/parent}}`): the spec lets a parent's and a block's tags share a line
    /// and still stand alone. A block opened and closed on one line is a place filled in
    /// the line, not a line of its own. Keeps `open` (the tags open so far) up to date.
    private func isStandalone(_ line: [Item], open: inout [Tag]) -> Bool {
        var tags = 0, inheritanceOnly = true, blockClosedOnItsLine = false, onlyWhiteSpace = true
        var openedHere = Set<String>()
        for item in line {
            switch item {
            case .text(let bytes):
                for byte in bytes where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t")
                    && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\n") { onlyWhiteSpace = false }
            case .tag(let tag):
                tags += 1
                if !tag.kind.canStandAlone { onlyWhiteSpace = false }
                switch tag.kind {
                case .section, .inverted, .parent, .block:
                    open.append(tag)
                    if tag.kind == .block { openedHere.insert(tag.name) }
                    if tag.kind != .parent && tag.kind != .block { inheritanceOnly = false }
                case .close:
                    let closed = open.popLast()
                    if closed?.kind != .parent && closed?.kind != .block { inheritanceOnly = false }
                    if closed?.kind == .block, openedHere.contains(tag.name) { blockClosedOnItsLine = true }
                default:
                    inheritanceOnly = false
                }
            case .indentation:
                break
            }
        }
        guard onlyWhiteSpace, tags > 0, !blockClosedOnItsLine else { return false }
        return tags == 1 || inheritanceOnly
    }
}

/// Turns the scanned items into nested templates, checking that sections close.
private struct TreeBuilder {
    typealias Item = MustacheParser.Item
    typealias Tag = MustacheParser.Tag

    let items: [Item]
    var index = 0
    var references: [MustacheParser.Reference] = []

    init(items: [Item]) { self.items = items }

    mutating func build() throws(MustacheParser.SyntaxError) -> CompiledTemplate {
        let (nodes, closing) = try nodes(until: nil)
        if let closing {
            throw .init(message: "`{{/\(closing.name)}}` closes nothing that is open", line: closing.line, column: closing.column)
        }
        return CompiledTemplate(nodes: nodes)
    }

    /// Nodes up to the close of `open` (nil: to the end). Returns the closing tag found
    /// when `open` is nil (an error for the caller), else nil.
    private mutating func nodes(until open: Tag?) throws(MustacheParser.SyntaxError) -> ([CompiledTemplate.Node], Tag?) {
        var nodes: [CompiledTemplate.Node] = []
        var indentation: [UInt8]?
        while index < items.count {
            let item = items[index]
            index += 1
            switch item {
            case .indentation(let bytes):
                indentation = bytes
                continue
            case .text(let bytes):
                nodes.append(.text(bytes))
                continue
            case .tag(let tag):
                let standing = indentation
                indentation = nil
                switch tag.kind {
                case .comment, .delimiters:
                    break
                case .variable, .unescaped:
                    nodes.append(.variable(CompiledTemplate.name(tag.name), escaped: tag.kind == .variable))
                case .section, .inverted:
                    let (body, _) = try self.nodes(until: tag)
                    let template = CompiledTemplate(nodes: body)
                    let name = CompiledTemplate.name(tag.name)
                    nodes.append(tag.kind == .section ? .section(name, template) : .invertedSection(name, template))
                case .partial:
                    references.append(.init(name: tag.name, line: tag.line))
                    nodes.append(.partial(tag.name, indentation: standing, inherits: nil))
                case .parent:
                    references.append(.init(name: tag.name, line: tag.line))
                    let (body, _) = try self.nodes(until: tag)
                    // Only the blocks inside a parent tag count; other text there is ignored.
                    var blocks: [String: CompiledTemplate] = [:]
                    for case .block(let name, let content, _) in body where blocks[name] == nil { blocks[name] = content }
                    nodes.append(.partial(tag.name, indentation: standing, inherits: blocks))
                case .block:
                    let (body, _) = try self.nodes(until: tag)
                    let standalone = standing != nil
                    let content = CompiledTemplate(nodes: body).dedented(standalone ? Self.leadingWhiteSpace(body) : [])
                    // Where it stands alone, the place's indentation is that of its default content
                    // (or of the tag, when it has none); inline, the white space before the tag.
                    let place: [UInt8] = standalone
                        ? (body.isEmpty ? standing ?? [] : Self.leadingWhiteSpace(body))
                        : Self.trailingWhiteSpace(nodes)
                    nodes.append(.block(tag.name, content, indentation: place))
                case .close:
                    guard let open else { return (nodes, tag) }
                    guard tag.name == open.name else {
                        throw .init(message: "`{{/\(tag.name)}}` closes `\(open.name)`, opened on line \(open.line)",
                                    line: tag.line, column: tag.column)
                    }
                    return (nodes, nil)
                }
            }
        }
        if let open {
            throw .init(message: "`\(open.name)` is opened here and never closed (add `{{/\(open.name)}}`)", line: open.line, column: open.column)
        }
        return (nodes, nil)
    }

    /// The white space that starts a block's first line: its own indentation.
    static func leadingWhiteSpace(_ nodes: [CompiledTemplate.Node]) -> [UInt8] {
        guard case .text(let bytes)? = nodes.first else { return [] }
        return Array(bytes.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
    }

    /// The white space a line has so far, when it holds nothing else (the indentation of an inline block).
    static func trailingWhiteSpace(_ nodes: [CompiledTemplate.Node]) -> [UInt8] {
        guard case .text(let bytes)? = nodes.last, !bytes.isEmpty,
              bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { return [] }
        guard nodes.count >= 2 else { return bytes }
        guard case .text(let before) = nodes[nodes.count - 2], before.last == UInt8(ascii: "\n") else { return [] }
        return bytes
    }
}
