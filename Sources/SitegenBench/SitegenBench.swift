import ArgumentParser
import Foundation
import SiteGen

/// `sitegen-bench`: writes benchmark sites and times builds of them.
@main
struct SitegenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen-bench",
        abstract: "Benchmark sites for sitegen.",
        subcommands: [Generate.self]
    )
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write a deterministic site of generated posts (about 6 KB each, mixed Japanese and English)."
    )

    @Option(help: "Number of posts.")
    var posts = 1000

    @Option(help: ArgumentHelp("Folder to write (replaced).", valueName: "dir"))
    var out = ".bench/site"

    @Option(help: "Random seed; the same seed and count give the same site.")
    var seed: UInt64 = 1

    func run() throws {
        guard let theme = BundledTheme.folder else { throw ValidationError("the bundled theme is missing") }
        let folder = URL(fileURLWithPath: out)
        try CorpusGenerator(posts: posts, seed: seed).write(to: folder, theme: theme)
        print("Wrote \(posts) posts to \(folder.path)")
    }
}
