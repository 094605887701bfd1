/// The output of partials that read only values every page shares (the default theme's
/// header and footer read nothing but `site.*` and `t.*`), kept per rendering thread and
/// written again, without rendering, on pages that give them the same values.
///
/// Why: those two partials are about forty name lookups and a dozen sections a page,
/// the same bytes on every page: 60,000 instructions a page, 3 % of a clean build.
///
/// Why it cannot go wrong: a partial's output is a function of the values its names are
/// found as. Its first rendering (`Recording`) notes every name looked up in a frame below
/// the partial's own (the frames of the template that includes it): the frame, and the
/// value found there or that there was none. Names found in frames the partial pushed
/// itself come from values found before, so they need no note. A later rendering at the
/// same depth whose frames hold the same values for every noted name (the same storage,
/// which the memo holds on to, so it cannot be freed and reused for other values) would
/// write the same bytes. A partial that reads the including frame itself (`{{.}}`), or
/// whose output could depend on the blocks or indentation it is included with, is rendered
/// as usual; one whose values differ page after page is given up after a few tries.
final class PartialMemo: @unchecked Sendable { // each thread has its own (see `TemplateRenderer`)
    /// What one rendering of a partial read below its own frames.
    final class Recording {
        /// The stack's size when the partial began: frames below it are the including template's.
        let depth: Int
        private(set) var reads: [Read] = []
        /// Read something not noted as a read (the including frame itself).
        var spoiled = false

        init(depth: Int) { self.depth = depth }

        func read(frame: Int, _ key: TemplateKey, found: TemplateValue?) {
            for read in reads where read.frame == frame && read.key.hash == key.hash && read.key.text == key.text { return }
            reads.append(Read(frame: frame, key: key, found: found))
        }
    }

    struct Read {
        let frame: Int
        let key: TemplateKey
        let found: TemplateValue?
    }

    private struct Entry {
        var depth = 0
        var reads: [Read] = []
        var bytes: [UInt8]?
        /// Renderings in a row that found no kept bytes to use.
        var misses = 0
        /// Never kept: reads blocks, or missed too often.
        var never = false
    }

    /// Renderings in a row without a hit after which a partial is no longer recorded.
    static let triesBeforeGivingUp = 4

    private var entries: [ObjectIdentifier: Entry] = [:]
    /// Renderings answered with kept bytes (for tests).
    private(set) var hits = 0

    enum Answer {
        /// Write these bytes: what the partial wrote with the same values.
        case kept([UInt8])
        /// Render it with a `Recording`, and give it to `keep` after.
        case record(Recording)
        /// Render it as usual.
        case render
    }

    /// What to do for `partial` on `stack`; `eligible` (asked once per partial) says whether
    /// its output can depend only on the values it looks up.
    func answer(for partial: CompiledTemplate, _ stack: [TemplateValue], eligible: () -> Bool) -> Answer {
        let id = ObjectIdentifier(partial)
        guard let entry = entries[id] else {
            guard eligible() else {
                entries[id] = Entry(never: true)
                return .render
            }
            entries[id] = Entry()
            return .record(Recording(depth: stack.count))
        }
        if entry.never { return .render }
        if let bytes = entry.bytes, entry.depth == stack.count, entry.reads.allSatisfy({ Self.finds($0, in: stack) }) {
            if entry.misses != 0 { entries[id]?.misses = 0 }
            hits += 1
            return .kept(bytes)
        }
        if entry.misses + 1 >= Self.triesBeforeGivingUp {
            entries[id] = Entry(never: true)
            return .render
        }
        entries[id]?.misses += 1
        return .record(Recording(depth: stack.count))
    }

    /// Keeps what a recorded rendering wrote, unless it read what a recording cannot note.
    func keep(_ bytes: [UInt8], of partial: CompiledTemplate, _ recording: Recording) {
        let id = ObjectIdentifier(partial)
        guard !recording.spoiled else {
            entries[id] = Entry(never: true)
            return
        }
        entries[id]?.depth = recording.depth
        entries[id]?.reads = recording.reads
        entries[id]?.bytes = bytes
    }

    /// Whether the stack's frame holds what the read found (or nothing, as it did).
    private static func finds(_ read: Read, in stack: [TemplateValue]) -> Bool {
        let now = stack[read.frame][read.key]
        switch (now, read.found) {
        case (nil, nil): return true
        case (let now?, let found?): return now.isStored(as: found)
        default: return false
        }
    }
}

extension TemplateValue {
    /// The same value in the same storage (texts and flags: equal): true means the two render alike.
    /// Storage compared while `other` is alive cannot have been reused for another value.
    func isStored(as other: TemplateValue) -> Bool {
        switch (self, other) {
        case (.text(let a), .text(let b)): return a == b
        case (.flag(let a), .flag(let b)): return a == b
        case (.html(let a), .html(let b)): return a === b
        case (.shared(let a), .shared(let b)): return a === b
        case (.list(let a), .list(let b)): return a.count == b.count && (a.isEmpty || a.storage == b.storage)
        case (.object(let a), .object(let b)):
            return a.count == b.count && (a.count == 0 || a.keys.storage == b.keys.storage && a.values.storage == b.values.storage)
        default: return false
        }
    }
}

private extension Array {
    /// Where the elements are (a native array's storage: no copy is made to ask).
    var storage: UnsafeRawPointer? { withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
}
