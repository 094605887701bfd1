import CCmarkGFM
import CLinux
import Foundation

/// cmark-gfm's memory for one document at a time, from a block each thread keeps.
///
/// Why: parsing and rendering a post makes thousands of small nodes and buffers, and
/// `malloc`/`free` for them were a fifth of the Markdown stage. Here an allocation moves a
/// pointer forward, a buffer that grows at the end of the block grows in place, `free` does
/// nothing, and the whole document's memory is given back at once when it is done.
/// (cmark-gfm's own arena is one global block: not usable from two threads.)
enum MarkdownArena {
    /// The allocator to hand cmark-gfm (parser, nodes, rendering) inside `withAllocator`.
    nonisolated(unsafe) static let allocator: UnsafeMutablePointer<cmark_mem> = { // written once, then only read
        let mem = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        mem.initialize(to: cmark_mem(
            calloc: { count, size in
                let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
                return overflow ? nil : MarkdownArena.allocate(bytes, zeroed: true)
            },
            realloc: { pointer, size in MarkdownArena.reallocate(pointer, size) },
            free: { _ in }))
        return mem
    }()

    /// Runs `body`, whose cmark-gfm work allocates with `allocator`; that memory is reused
    /// once it returns, so nothing cmark-gfm made may outlive it. Not re-entrant.
    /// A document of more than `largeDocument` bytes gets cmark-gfm's own allocator instead:
    /// an arena never frees, and the buffers a very long post grows through (its HTML
    /// doubling to tens of megabytes) would all be held until the end.
    static func withAllocator<R>(documentSize: Int, _ body: (UnsafeMutablePointer<cmark_mem>) -> R) -> R {
        if documentSize > largeDocument {
            defer { sitegen_return_free_memory() }
            return body(cmark_get_default_mem_allocator())
        }
        let block = threadBlock()
        defer { block.pointee.reset() }
        return body(allocator)
    }

    /// Called when cmark-gfm has freed a large part of a document (its tree): with cmark-gfm's
    /// own allocator (a very long post), that memory goes back to the system now, so the
    /// copies made next do not stand on top of it. In the arena, nothing is freed until the end.
    static func returnFreed(_ mem: UnsafeMutablePointer<cmark_mem>) {
        if mem != allocator { sitegen_return_free_memory() }
    }

    /// The first block: big enough for any ordinary post, so nothing else is allocated.
    static let blockSize = 4 << 20
    /// Larger documents are not parsed in the arena.
    static let largeDocument = 1 << 20
    /// Each allocation's size is kept in the 16 bytes before it (for `realloc`); 16 keeps alignment.
    private static let header = 16

    private struct Block {
        let home: UnsafeMutableRawPointer
        let homeCapacity: Int
        var current: UnsafeMutableRawPointer
        var capacity: Int
        var used = 0
        /// Blocks beyond `home` (a document larger than it), linked through their first word.
        var extra: UnsafeMutableRawPointer?

        init(capacity: Int) {
            home = malloc(capacity)!
            homeCapacity = capacity
            current = home
            self.capacity = capacity
        }

        mutating func reset() {
            while let block = extra {
                extra = block.load(as: UnsafeMutableRawPointer?.self)
                free(block)
            }
            (current, capacity, used) = (home, homeCapacity, 0)
        }

        mutating func allocate(_ size: Int, zeroed: Bool) -> UnsafeMutableRawPointer {
            let total = MarkdownArena.header + (size + 15) & ~15
            if used + total > capacity {
                let size = max(MarkdownArena.blockSize, total + 16)
                let block = malloc(size)!
                block.storeBytes(of: extra, as: UnsafeMutableRawPointer?.self)
                (extra, current, capacity, used) = (block, block, size, 16)
            }
            let start = current + used
            start.storeBytes(of: size, as: Int.self)
            used += total
            let payload = start + MarkdownArena.header
            if zeroed { memset(payload, 0, size) }
            return payload
        }

        mutating func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
            guard let pointer else { return allocate(size, zeroed: false) }
            let start = pointer - MarkdownArena.header
            let old = start.load(as: Int.self)
            if size <= old { return pointer }
            let oldTotal = MarkdownArena.header + (old + 15) & ~15
            let newTotal = MarkdownArena.header + (size + 15) & ~15
            // The last allocation of the block grows where it is (a buffer being appended to).
            if start + oldTotal == current + used, used - oldTotal + newTotal <= capacity {
                used += newTotal - oldTotal
                start.storeBytes(of: size, as: Int.self)
                return pointer
            }
            let moved = allocate(size, zeroed: false)
            moved.copyMemory(from: pointer, byteCount: old)
            return moved
        }
    }

    private static func allocate(_ size: Int, zeroed: Bool) -> UnsafeMutableRawPointer {
        threadBlock().pointee.allocate(size, zeroed: zeroed)
    }

    private static func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
        threadBlock().pointee.reallocate(pointer, size)
    }

    /// The calling thread's block, made on its first document and freed when the thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            guard let block = raw?.assumingMemoryBound(to: Block.self) else { return }
            block.pointee.reset()
            free(block.pointee.home)
            block.deinitialize(count: 1)
            block.deallocate()
        }
        return key
    }()

    private static func threadBlock() -> UnsafeMutablePointer<Block> {
        if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: Block.self) }
        let block = UnsafeMutablePointer<Block>.allocate(capacity: 1)
        block.initialize(to: Block(capacity: blockSize))
        pthread_setspecific(key, block)
        return block
    }
}
