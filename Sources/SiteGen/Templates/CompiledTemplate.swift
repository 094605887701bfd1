import Foundation
import Mustache

/// The theme's templates as swift-mustache parsed them, rendered over typed values.
///
/// Why: swift-mustache renders by looking every name up through the context stack with
/// dynamic casts, splitting the name each time, and escapes character by character;
/// that was about 2 ms a page and most of a clean build. swift-mustache still parses
/// and checks every template (its syntax errors are the ones users see), and its
/// parsed tokens are read here once, so the whitespace rules are exactly its own. The
/// rendering below follows its `Template+Render.swift` step for step; a test renders
/// the sample site with both and compares every file. A template using what this does
/// not render (transforms such as `{{uppercased(x)}}`, dynamic partials, content types)
/// leaves the whole theme to swift-mustache.
final class CompiledTemplate: @unchecked Sendable {
    indirect enum Node { // indirect: copying a node while rendering is one retain, not one per payload
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, CompiledTemplate)
        case invertedSection(Name, CompiledTemplate)
        case partial(String, indentation: String?, inherits: [String: CompiledTemplate]?)
        case blockExpansion(String, defaultTemplate: CompiledTemplate, indentation: String?)
    }

    /// A variable's name, split once: `.`, `.a.b` (from the current value only) or
    /// `a.b` (`a` looked up through the stack, then `b` inside it).
    enum Name {
        case current
        case fromCurrent([TemplateKey])
        case fromStack(first: TemplateKey, rest: [TemplateKey])
    }

    let nodes: [Node]

    private init(nodes: [Node]) { self.nodes = nodes }

    /// Reads swift-mustache's parsed tokens (through `Mirror`: they are internal to it).
    /// Nil when the template uses something not rendered here.
    static func compile(_ template: MustacheTemplate) -> CompiledTemplate? {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value as? [Any] else { return nil }
        var nodes: [Node] = []
        for token in tokens {
            guard let node = compile(token: token) else { return nil }
            nodes.append(node)
        }
        return CompiledTemplate(nodes: nodes)
    }

    private static func compile(token: Any) -> Node? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let kind = payload.label else { return nil }
        let fields = Dictionary(Mirror(reflecting: payload.value).children.compactMap { child in child.label.map { ($0, child.value) } },
                                uniquingKeysWith: { first, _ in first })
        func noTransforms() -> Bool { (fields["transforms"] as? [String])?.isEmpty ?? false }
        func name() -> Name? { (fields["name"] as? String).map(Self.name) }
        func template(_ key: String) -> CompiledTemplate? { (fields[key] as? MustacheTemplate).flatMap(compile) }
        switch kind {
        case "text":
            return (payload.value as? String).map { .text(Array($0.utf8)) }
        case "variable", "unescapedVariable":
            guard noTransforms(), let name = name() else { return nil }
            return .variable(name, escaped: kind == "variable")
        case "section", "invertedSection":
            guard noTransforms(), let name = name(), let body = template("template") else { return nil }
            return kind == "section" ? .section(name, body) : .invertedSection(name, body)
        case "partial":
            guard let partial = fields[".0"] as? String else { return nil }
            var inherits: [String: CompiledTemplate]?
            if let blocks = fields["inherits"] as? [String: MustacheTemplate] {
                var compiled: [String: CompiledTemplate] = [:]
                for (block, body) in blocks {
                    guard let body = compile(body) else { return nil }
                    compiled[block] = body
                }
                inherits = compiled
            }
            return .partial(partial, indentation: fields["indentation"] as? String, inherits: inherits)
        case "blockExpansion":
            guard let block = fields["name"] as? String, let body = template("default") else { return nil }
            return .blockExpansion(block, defaultTemplate: body, indentation: fields["indentation"] as? String)
        default:
            return nil // transforms, dynamic partials, content types
        }
    }

    /// Splits a name as swift-mustache's `getChild` does.
    static func name(_ text: String) -> Name {
        if text == "." { return .current }
        let parts = text.split(separator: ".").map { TemplateKey(String($0)) }
        if text.first == "." { return .fromCurrent(parts) }
        guard let first = parts.first else { return .fromCurrent([]) }
        return .fromStack(first: first, rest: Array(parts.dropFirst()))
    }
}

extension CompiledTemplate {
    /// A copy that shares no storage with this one: no node, byte array or name.
    func copy() -> CompiledTemplate { CompiledTemplate(nodes: nodes.map(\.copy)) }
}

extension CompiledTemplate.Node {
    var copy: Self {
        switch self {
        case .text(let bytes): return .text(bytes.withUnsafeBufferPointer { Array($0) })
        case .variable(let name, let escaped): return .variable(name.copy, escaped: escaped)
        case .section(let name, let body): return .section(name.copy, body.copy())
        case .invertedSection(let name, let body): return .invertedSection(name.copy, body.copy())
        case .partial(let name, let indentation, let inherits):
            return .partial(name.unshared, indentation: indentation?.unshared,
                            inherits: inherits.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.unshared, $0.value.copy()) }) })
        case .blockExpansion(let name, let body, let indentation):
            return .blockExpansion(name.unshared, defaultTemplate: body.copy(), indentation: indentation?.unshared)
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
/// blocks a child template gives its parent, as in swift-mustache's `MustacheContext`.
struct TemplateRenderer {
    let templates: [String: CompiledTemplate]

    /// What a template renders in besides the stack of values, which is passed `inout`
    /// on its own: pushing onto a copy of the stack copied the whole stack for every
    /// section entered (every card of a list page, every link of its pager).
    struct Context {
        var indentation: String?
        var inherited: [String: CompiledTemplate]?
        /// What the partial being recorded for the memo reads (see `PartialMemo`).
        var recording: PartialMemo.Recording?
    }

    /// What each rendering thread keeps of its own (see `PerThread`): a copy of the
    /// templates, and the output of the partials that read only shared values.
    private final class ThreadState: @unchecked Sendable {
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
        var out: [UInt8] = []
        out.reserveCapacity(16 * 1024)
        var stack = [root]
        stack.reserveCapacity(8)
        render(template, Context(), &stack, into: &out)
        return out
    }

    private func render(_ template: CompiledTemplate, _ context: Context, _ stack: inout [TemplateValue], into out: inout [UInt8]) {
        guard let indentation = context.indentation, !indentation.isEmpty else {
            for node in template.nodes { render(node, context, &stack, into: &out) }
            return
        }
        // Inside an indented partial: a piece that starts a new line gets the indentation
        // (swift-mustache decides this per token, on what this template has written so far).
        // Each piece is rendered in place and the indentation put before it after (a new array
        // for every token of a list page's pager was most of the pager's cost).
        let start = out.count
        for node in template.nodes {
            let piece = out.count
            render(node, context, &stack, into: &out)
            guard out.count > piece, piece > start, out[piece - 1] == UInt8(ascii: "\n"),
                  !(piece - start >= 2 && out[piece - 2] == UInt8(ascii: "\r")) else { continue }
            out.insert(contentsOf: indentation.utf8, at: piece)
        }
    }

    private func render(_ node: CompiledTemplate.Node, _ context: Context, _ stack: inout [TemplateValue], into out: inout [UInt8]) {
        switch node {
        case .text(let bytes):
            out += bytes
        case .variable(let name, let escaped):
            guard let value = lookup(name, stack, context.recording) else { return }
            let text: String
            switch value {
            case .text(let string): text = string
            case .flag(let flag): text = flag ? "true" : "false"
            case .html(let kept):
                if escaped { text = kept.value } else { return kept.withUTF8 { out.append(contentsOf: $0) } }
            case .list, .object, .shared: return // not text; swift-mustache would print Swift's description of it
            }
            if escaped { Escape.appendHTML(text, to: &out) } else { out += text.utf8 }
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
            if let indentation { partialContext.indentation = (context.indentation ?? "") + indentation }
            if let inherits {
                // The outer template's blocks win over those of a template it includes.
                partialContext.inherited = context.inherited.map { $0.merging(inherits) { outer, _ in outer } } ?? inherits
            }
            // Inside a recording, a partial is part of what is recorded.
            guard let memo, context.recording == nil, inherits == nil, partialContext.indentation?.isEmpty ?? true else {
                return render(template, partialContext, &stack, into: &out)
            }
            switch memo.answer(for: template, stack, eligible: { !readsBlocks(template) }) {
            case .kept(let bytes):
                out += bytes
            case .record(let recording):
                partialContext.recording = recording
                let start = out.count
                render(template, partialContext, &stack, into: &out)
                memo.keep(Array(out[start...]), of: template, recording)
            case .render:
                render(template, partialContext, &stack, into: &out)
            }
        case .blockExpansion(let name, let defaultTemplate, let indentation):
            var blockContext = context
            if let indentation { blockContext.indentation = (context.indentation ?? "") + indentation }
            render(context.inherited?[name] ?? defaultTemplate, blockContext, &stack, into: &out)
        }
    }

    /// `body` rendered with `value` on top of the stack, taken off again after.
    private func render(_ body: CompiledTemplate, _ context: Context, pushing value: TemplateValue, _ stack: inout [TemplateValue],
                        into out: inout [UInt8]) {
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
            case .blockExpansion: return true
            case .section(_, let body), .invertedSection(_, let body): return readsBlocks(body, seen: seen)
            case .partial(let name, _, _): return templates[name].map { readsBlocks($0, seen: seen) } ?? false
            }
        }
    }
}
