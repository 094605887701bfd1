import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// cmark-gfm's switch of the characters its inline extensions react to (`~`, `:`, `w`, `@`),
/// taken over by this program: on, as the library does it, but never off again.
///
/// Why: the characters sit in one table for the whole process. The library switches them on
/// at the start of each document's inline parsing and off at its end, so two threads parsing
/// at once switched each other's off halfway (a post lost its strikethrough and links from
/// there on), and `cmark_parser_finish` had to take turns: a tenth of the Markdown stage's
/// time, one core waiting for the other. Every parser of this process attaches the same
/// extensions (`MarkdownRenderer.extensionNames`), so their characters are always wanted.
///
/// How: the library calls this function through its procedure linkage table, and a
/// definition in the program comes before the library's own, so the library's calls reach
/// this one; it hands "on" to the library's definition (the next one, `RTLD_NEXT`). Were the
/// library linked some other way, its own definition would still be the one called: so the
/// parsing takes turns until this function has been seen to run (`isInCharge`).
enum SpecialCharacters {
    /// Set when the library's call has reached the definition below.
    static let reached = Atomic<Bool>(false)

    /// Whether the characters are switched only on, so documents may be parsed on every
    /// core at once. Only for the cmark-gfm version this was checked against, whose other
    /// switches of the table (in its table extension) are not there.
    static var isInCharge: Bool {
        MarkdownRenderer.isCheckedVersion && reached.load(ordering: .acquiring)
    }

    typealias Switch = @convention(c) (OpaquePointer?, Int32) -> Void

    static let name = "cmark_manage_extensions_special_characters"

    /// The library's own definition: the next one after this program's (`RTLD_NEXT`), or
    /// else the one in the library's file (named for its version, as Debian names it).
    static let library: Switch = {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), name) { return unsafeBitCast(symbol, to: Switch.self) }
        if let handle = dlopen("libcmark-gfm.so." + String(cString: cmark_version_string()), RTLD_LAZY | RTLD_NOLOAD),
           let symbol = dlsym(handle, name) {
            return unsafeBitCast(symbol, to: Switch.self)
        }
        fatalError("cmark-gfm's \(name) was not found: reinstall libcmark-gfm")
    }()
}

/// The definition the library's calls reach (see `SpecialCharacters`). With another
/// cmark-gfm version than the checked one it does exactly what the library's does.
@_cdecl("cmark_manage_extensions_special_characters")
public func sitegenManageExtensionsSpecialCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    if add == 0 && MarkdownRenderer.isCheckedVersion { return } // never off: every parser wants them
    SpecialCharacters.library(parser, add)
    if add != 0 { SpecialCharacters.reached.store(true, ordering: .releasing) }
}
