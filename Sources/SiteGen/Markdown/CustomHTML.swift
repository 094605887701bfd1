import CCmarkGFM

/// HTML sitegen makes, put into the syntax tree in a node's place (a heading with its id, a
/// highlighted code block, sanitized raw HTML, the table of contents): cmark-gfm writes a
/// custom node's text as it is, in safe mode too.
enum CustomHTML {
    /// An empty custom block (or inline) node; its HTML may be set later with `cmark_node_set_on_enter`.
    static func node(block: Bool = true, mem: UnsafeMutablePointer<cmark_mem>) -> OpaquePointer? {
        guard let node = cmark_node_new_with_mem(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE, mem) else { return nil }
        cmark_node_set_on_exit(node, "")
        return node
    }

    /// `node` replaced by one holding `html` (UTF-8, not NUL-terminated), and freed.
    static func replace(_ node: OpaquePointer, with html: [UInt8], block: Bool = true, mem: UnsafeMutablePointer<cmark_mem>) {
        guard let custom = self.node(block: block, mem: mem) else { return }
        (html + [0]).withUnsafeBufferPointer {
            _ = cmark_node_set_on_enter(custom, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self))
        }
        cmark_node_replace(node, custom)
        cmark_node_free(node)
    }
}
