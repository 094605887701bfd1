import Foundation

/// One hash of everything a build reads: every file under Content/ and Templates/
/// (path and identity: size, times, inode), the build options, sitegen's version and the
/// year (footers show it). Equal to the last successful build's, with the output
/// folder as that build left it, means there is nothing to do.
struct InputFingerprint: Sendable, Equatable {
    var value: UInt64
    /// The identity of each file under Content/ (by its path there), as the fingerprint
    /// took it: the load stage looks files up in its caches by these, without a stat of its own.
    var contentFiles: [(String, UInt64)] = []

    static func == (a: Self, b: Self) -> Bool { a.value == b.value }

    /// `contentFiles` by path, for the load stage (made only when a build runs).
    var contentIdentities: [String: UInt64] { Dictionary(contentFiles, uniquingKeysWith: { first, _ in first }) }

    init(_ options: BuildOptions, io: FileIO) {
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.build)
        hasher.combine(options.baseURL ?? "\u{0}")
        hasher.combine(options.content.includeDrafts ? 1 : 0)
        hasher.combine(options.content.includeFuture ? 1 : 0)
        hasher.combine(Calendar.current.component(.year, from: options.content.now))
        let root = options.source.standardizedFileURL.path
        for folder in [SiteLoader.contentFolder, Theme.folder] {
            let base = root + "/" + folder
            hasher.combine(folder)
            // One thread: the check of the output folder runs beside it (`BuildCache`).
            for (relative, identity) in io.listIdentities(base, root) {
                hasher.combine(relative)
                hasher.combine(identity)
                if folder == SiteLoader.contentFolder { contentFiles.append((relative, identity)) }
            }
        }
        value = hasher.value
    }
}

/// What `.sitegen-cache/…/inputs` holds: the fingerprint of the last successful
/// build and what it reported.
struct LastBuild: Sendable {
    var inputs: InputFingerprint
    var nextPublication: Date?
    var posts: Int
    var pages: Int
    var filesCopied: Int

    static let header = "sitegen-inputs 1"

    var serialized: String {
        [Self.header, String(inputs.value, radix: 16), nextPublication.map { String($0.timeIntervalSince1970) } ?? "-",
         String(posts), String(pages), String(filesCopied)].joined(separator: "\n") + "\n"
    }

    init(inputs: InputFingerprint, report: BuildReport) {
        self.inputs = inputs
        nextPublication = report.nextPublication
        posts = report.posts
        pages = report.pagesWritten
        filesCopied = report.filesCopied
    }

    init?(_ text: String) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count == 6, lines[0] == Self.header, let value = UInt64(lines[1], radix: 16),
              let posts = Int(lines[3]), let pages = Int(lines[4]), let copied = Int(lines[5]) else { return nil }
        inputs = InputFingerprint(value: value)
        nextPublication = Double(lines[2]).flatMap { $0.isFinite ? Date(timeIntervalSince1970: $0) : nil }
        self.posts = posts
        self.pages = pages
        filesCopied = copied
    }

    /// Still true at `now` for these inputs: nothing changed and no held-back post has come out.
    func isCurrent(for inputs: InputFingerprint, now: Date) -> Bool {
        self.inputs == inputs && (nextPublication.map { now < $0 } ?? true)
    }
}

extension InputFingerprint {
    init(value: UInt64) { self.value = value }
}
