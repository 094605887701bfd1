import Foundation

/// A Mustache template as `MustacheParser` parsed it, rendered over typed values by
/// `TemplateRenderer`. Whitespace was settled by the parser (standalone lines removed,
/// indentation recorded), so rendering only writes.
final class CompiledTemplate: @unchecked Sendable { // immutable after parsing; each rendering thread has its own copy
    indirect enum Node { // indirect: copying a node while rendering is one retain, not one per payload
        /// Template text, one line at most.
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, CompiledTemplate)
        case invertedSection(Name, CompiledTemplate)
        /// A partial (`{{>name}}`), or a parent (`{{<name}}`) with the blocks it fills.
        /// `indentation`: set when the tag stands alone on its line; every line it writes gets it.
        case partial(String, indentation: [UInt8]?, inherits: [String: CompiledTemplate]?)
        /// A block (`{{$name}}`): the content a parent filled it with, or its own. Lines of that
        /// content are written with `indentation` (the place's), their own taken off by the parser;
        /// a block that stands alone indents its first line too, an inline one follows its text.
        case block(String, CompiledTemplate, indentation: [UInt8])
    }

    /// A variable's name, split once: `.`, `.a.b` (from the current value only) or
    /// `a.b` (`a` looked up through the stack, then `b` inside it).
    enum Name {
        case current
        case fromCurrent([TemplateKey])
        case fromStack(first: TemplateKey, rest: [TemplateKey])
    }

    let nodes: [Node]

    init(nodes: [Node]) { self.nodes = nodes }

    /// Splits a dotted name.
    static func name(_ text: String) -> Name {
        if text == "." { return .current }
        let parts = text.split(separator: ".").map { TemplateKey(String($0)) }
        if text.first == "." { return .fromCurrent(parts) }
        guard let first = parts.first else { return .fromCurrent([]) }
        return .fromStack(first: first, rest: Array(parts.dropFirst()))
    }

    /// The same template with `indentation` taken off the start of its lines: a block's own
    /// indentation, removed where it is defined (the place it fills puts its own on).
    func dedented(_ indentation: [UInt8]) -> CompiledTemplate {
        guard !indentation.isEmpty else { return self }
        return CompiledTemplate(nodes: Self.dedent(nodes, indentation, atLineStart: true))
    }

    private static func dedent(_ nodes: [Node], _ indentation: [UInt8], atLineStart: Bool) -> [Node] {
        var lineStart = atLineStart
        func less(_ bytes: [UInt8]) -> [UInt8] { bytes.starts(with: indentation) ? Array(bytes.dropFirst(indentation.count)) : bytes }
        return nodes.map { node in
            defer {
                switch node {
                case .text(let bytes): lineStart = bytes.last == UInt8(ascii: "\n")
                case .variable: lineStart = false
                default: break // standalone tags ended their line; inline ones keep what came before
                }
            }
            switch node {
            case .text(let bytes): return lineStart ? .text(less(bytes)) : node
            case .variable: return node
            case .section(let name, let body):
                return .section(name, CompiledTemplate(nodes: dedent(body.nodes, indentation, atLineStart: lineStart)))
            case .invertedSection(let name, let body):
                return .invertedSection(name, CompiledTemplate(nodes: dedent(body.nodes, indentation, atLineStart: lineStart)))
            case .partial(let name, let own, let inherits): return .partial(name, indentation: own.map(less), inherits: inherits)
            case .block(let name, let content, let own):
                return .block(name, content, indentation: less(own))
            }
        }
    }
}

extension CompiledTemplate {
    /// A copy that shares no storage with this one: no node, byte array or name.
    func copy() -> CompiledTemplate { CompiledTemplate(nodes: nodes.map(\.copy)) }
}

extension CompiledTemplate.Node {
    var copy: Self {
        switch self {
        case .text(let bytes): return .text(bytes.unshared)
        case .variable(let name, let escaped): return .variable(name.copy, escaped: escaped)
        case .section(let name, let body): return .section(name.copy, body.copy())
        case .invertedSection(let name, let body): return .invertedSection(name.copy, body.copy())
        case .partial(let name, let indentation, let inherits):
            return .partial(name.unshared, indentation: indentation?.unshared,
                            inherits: inherits.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.unshared, $0.value.copy()) }) })
        case .block(let name, let content, let indentation):
            return .block(name.unshared, content.copy(), indentation: indentation.unshared)
        }
    }
}

extension CompiledTemplate.Name {
    var copy: Self {
        switch self {
        case .current: return .current
        case .fromCurrent(let path): return .fromCurrent(path.map(\.unshared))
        case .fromStack(let first, let rest): return .fromStack(first: first.unshared, rest: rest.map(\.unshared))
        }
    }
}

/// Renders compiled templates: the context stack, the partials' indentation and the
/// blocks a parent is filled with.
struct TemplateRenderer {
    let templates: [String: CompiledTemplate]

    /// What a template renders in besides the stack of values, which is passed `inout`
    /// on its own: pushing onto a copy of the stack copied the whole stack for every
    /// section entered (every card of a list page, every link of its pager).
    struct Context {
        /// Put before every line written (standalone partials and blocks, nested: added up).
        var indentation: [UInt8] = []
        /// The blocks the parents being rendered were filled with (the outermost wins).
        var inherited: [String: CompiledTemplate]?
        /// What the partial being recorded for the memo reads (see `PartialMemo`).
        var recording: PartialMemo.Recording?
    }

    /// The bytes written so far, and whether the next write starts a line (and so gets the
    /// context's indentation). Template text ends at a newline at the latest; a value's own
    /// newlines are not indented, as the spec says.
    struct Output {
        var bytes: [UInt8] = []
        var atLineStart = true

        mutating func write(_ piece: some BidirectionalCollection<UInt8>, _ context: Context) {
            guard !piece.isEmpty else { return }
            if atLineStart && !context.indentation.isEmpty { bytes += context.indentation }
            bytes += piece
            atLineStart = piece.last == UInt8(ascii: "\n")
        }

        mutating func writeEscaped(_ text: String, _ context: Context) {
            guard !text.isEmpty else { return }
            if atLineStart && !context.indentation.isEmpty { bytes += context.indentation }
            Escape.appendHTML(text, to: &bytes)
            atLineStart = text.utf8.last == UInt8(ascii: "\n")
        }
    }

    /// What each rendering thread keeps of its own (see `PerThread`): a copy of the
    /// templates, and the output of the partials that read only shared values.
    private final class ThreadState: @unchecked Sendable { // used by its own thread only
        let templates: [String: CompiledTemplate]
        let memo = PartialMemo()
        init(_ templates: [String: CompiledTemplate]) { self.templates = templates }
    }

    private let local: PerThread<ThreadState>
    /// This thread's memo (nil in the renderer the theme holds, which renders nothing itself).
    private let memo: PartialMemo?

    init(templates: [String: CompiledTemplate]) {
        self.templates = templates
        memo = nil
        local = PerThread(ThreadState(templates), slot: "templates") { original in
            ThreadState(Dictionary(uniqueKeysWithValues: original.templates.map { ($0.key.unshared, $0.value.copy()) }))
        }
    }

    private init(local state: ThreadState, of original: TemplateRenderer) {
        templates = state.templates
        memo = state.memo
        local = original.local
    }

    func render(_ name: String, _ root: TemplateValue) -> [UInt8]? {
        TemplateRenderer(local: local.value, of: self).renderLocally(name, root)
    }

    /// How many partials this thread wrote from its memo instead of rendering them (for tests).
    var partialsReusedOnThisThread: Int { local.value.memo.hits }

    private func renderLocally(_ name: String, _ root: TemplateValue) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var out = Output()
        out.bytes.reserveCapacity(16 * 1024)
        var stack = [root]
        stack.reserveCapacity(8)
        render(template, Context(), &stack, into: &out)
        return out.bytes
    }

    private func render(_ template: CompiledTemplate, _ context: Context, _ stack: inout [TemplateValue], into out: inout Output) {
        for node in template.nodes { render(node, context, &stack, into: &out) }
    }

    private func render(_ node: CompiledTemplate.Node, _ context: Context, _ stack: inout [TemplateValue], into out: inout Output) {
        switch node {
        case .text(let bytes):
            out.write(bytes, context)
        case .variable(let name, let escaped):
            guard let value = lookup(name, stack, context.recording) else { return }
            switch value {
            case .text(let string): if escaped { out.writeEscaped(string, context) } else { out.write(string.utf8, context) }
            case .flag(let flag): out.write((flag ? "true" : "false").utf8, context)
            case .html(let kept):
                if escaped { out.writeEscaped(kept.value, context) } else { kept.withUTF8 { out.write($0, context) } }
            case .list, .object, .shared: return // not text
            }
        case .section(let name, let body):
            switch lookup(name, stack, context.recording) {
            case .list(let items)?:
                for item in items { render(body, context, pushing: item, &stack, into: &out) }
            case .flag(let flag)?:
                if flag { render(body, context, &stack, into: &out) }
            case let value?:
                render(body, context, pushing: value, &stack, into: &out)
            case nil:
                break
            }
        case .invertedSection(let name, let body):
            switch lookup(name, stack, context.recording) {
            case .list(let items)?:
                if items.isEmpty { render(body, context, pushing: .list(items), &stack, into: &out) }
            case .flag(let flag)?:
                if !flag { render(body, context, &stack, into: &out) }
            case .some:
                break
            case nil:
                render(body, context, &stack, into: &out)
            }
        case .partial(let name, let indentation, let inherits):
            guard let template = templates[name] else { return }
            var partialContext = context
            if let indentation { partialContext.indentation += indentation }
            if let inherits {
                // The outer template's blocks win over those of a template it includes.
                partialContext.inherited = context.inherited.map { $0.merging(inherits) { outer, _ in outer } } ?? inherits
            }
            // Inside a recording, a partial is part of what is recorded.
            guard let memo, context.recording == nil, inherits == nil, partialContext.indentation.isEmpty else {
                return render(template, partialContext, &stack, into: &out)
            }
            switch memo.answer(for: template, stack, eligible: { !readsBlocks(template) }) {
            case .kept(let bytes):
                out.write(bytes, partialContext)
            case .record(let recording):
                partialContext.recording = recording
                let start = out.bytes.count
                render(template, partialContext, &stack, into: &out)
                memo.keep(Array(out.bytes[start...]), of: template, recording)
            case .render:
                render(template, partialContext, &stack, into: &out)
            }
        case .block(let name, let content, let indentation):
            var blockContext = context
            blockContext.indentation += indentation
            render(context.inherited?[name] ?? content, blockContext, &stack, into: &out)
        }
    }

    /// `body` rendered with `value` on top of the stack, taken off again after.
    private func render(_ body: CompiledTemplate, _ context: Context, pushing value: TemplateValue, _ stack: inout [TemplateValue],
                        into out: inout Output) {
        stack.append(value)
        render(body, context, &stack, into: &out)
        stack.removeLast()
    }

    /// The value a name refers to, seen through `shared`.
    private func lookup(_ name: CompiledTemplate.Name, _ stack: [TemplateValue], _ recording: PartialMemo.Recording?) -> TemplateValue? {
        // The found value handed on as it is (`resolved` returned a copy of every value that is not shared).
        guard let value = recording.map({ find(name, stack, noting: $0) }) ?? find(name, stack) else { return nil }
        if case .shared(let box) = value { return box.value }
        return value
    }

    private func find(_ name: CompiledTemplate.Name, _ stack: [TemplateValue]) -> TemplateValue? {
        switch name {
        case .current:
            return stack.last
        case .fromCurrent(let path):
            guard var value = stack.last else { return nil }
            for key in path {
                guard let child = value[key] else { return nil }
                value = child
            }
            return value
        case .fromStack(let first, let rest):
            for object in stack.reversed() {
                guard var value = object[first] else { continue }
                for key in rest {
                    guard let child = value[key] else { return nil }
                    value = child
                }
                return value
            }
            return nil
        }
    }

    /// `find`, noting what it reads below the recorded partial's frames.
    private func find(_ name: CompiledTemplate.Name, _ stack: [TemplateValue], noting recording: PartialMemo.Recording) -> TemplateValue? {
        guard case .fromStack(let first, _) = name else {
            if stack.count <= recording.depth { recording.spoiled = true } // `.` of the including frame
            return find(name, stack)
        }
        // Every frame looked in, down to the one that has the name: a frame above it that
        // has it on another page would change what is found.
        for frame in stack.indices.reversed() {
            let found = stack[frame][first]
            if frame < recording.depth { recording.read(frame: frame, first, found: found) }
            if found != nil { break }
        }
        return find(name, stack)
    }

    /// Whether a template's output can depend on the blocks of the template including it:
    /// it, or a partial it includes, has a block of its own.
    private func readsBlocks(_ template: CompiledTemplate, seen: Set<ObjectIdentifier> = []) -> Bool {
        var seen = seen
        guard seen.insert(ObjectIdentifier(template)).inserted else { return false }
        return template.nodes.contains { node in
            switch node {
            case .text, .variable: return false
            case .block: return true
            case .section(_, let body), .invertedSection(_, let body): return readsBlocks(body, seen: seen)
            case .partial(let name, _, _): return templates[name].map { readsBlocks($0, seen: seen) } ?? false
            }
        }
    }
}
