import ArgumentParser
import Foundation
import SiteGen

/// `sitegen-bench`: writes benchmark sites and times builds of them.
@main
struct SitegenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen-bench",
        abstract: "Benchmark sites for sitegen.",
        subcommands: [Generate.self, Run.self, ImageBench.self]
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

/// `sitegen-bench run`: clean, no-op and one-edit builds of a generated site, each
/// several times, with median wall time, pages per second and peak memory.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time clean, no-op and one-edit builds of a generated site (medians of several runs).",
        discussion: """
        Each run: a clean build (--clean), a build with nothing changed, and a build after \
        appending a paragraph to one post's body (a different post each run). The site is \
        generated first when --site does not hold one with that many posts.
        """
    )

    @Option(help: "Number of posts in the generated site.")
    var posts = 1000

    @Option(help: "How many times to run each kind of build.")
    var runs = 3

    @Option(help: ArgumentHelp("The site folder (generated when missing).", valueName: "dir"))
    var site: String?

    @Option(help: ArgumentHelp("The sitegen binary to time.", valueName: "path"))
    var sitegen: String?

    @Option(help: ArgumentHelp("A hugo binary: time Hugo on the same posts too, run by run (the site is written to <site>/Hugo).",
                               valueName: "path"))
    var hugo: String?

    func run() throws {
        let folder = URL(fileURLWithPath: site ?? ".bench/site-\(posts)").standardizedFileURL
        let postsFolder = folder.appendingPathComponent("Content/posts")
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: postsFolder.path))?.filter { $0.hasSuffix(".md") } ?? []
        guard let theme = BundledTheme.folder else { throw ValidationError("the bundled theme is missing") }
        if existing.count != posts {
            try CorpusGenerator(posts: posts, seed: 1).write(to: folder, theme: theme)
        } else {
            // Posts are kept between runs (generating 50,000 takes a while); the theme is
            // always this sitegen's own, so the figures are for the current templates.
            let templates = folder.appendingPathComponent("Templates")
            try? FileManager.default.removeItem(at: templates)
            try FileManager.default.copyItem(at: theme.resolvingSymlinksInPath(), to: templates)
        }
        let binary = sitegen ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("sitegen").path
        let output = folder.appendingPathComponent("Public").path
        let build = [binary, "build", "--source", folder.path, "--output", output]
        let files = try FileManager.default.contentsOfDirectory(atPath: postsFolder.path).filter { $0.hasSuffix(".md") }.sorted()

        let hugoSite = hugo.map { _ in HugoSite(folder: folder.appendingPathComponent("Hugo")) }
        if let hugoSite {
            try hugoSite.write(title: "ベンチマーク用のブログ", posts: postsFolder)
        }
        print("sitegen-bench: \(posts) posts, \(runs) runs each, \(binary)" + (hugo.map { " and \($0)" } ?? ""))
        var results: [String: [BuildTimer.Measurement]] = [:]
        var pages = 0
        var hugoPages = 0
        for n in 0..<runs {
            let clean = try BuildTimer.run(build + ["--clean"])
            pages = Self.pages(in: clean.output) ?? pages
            results["clean", default: []].append(clean)
            results["no-op", default: []].append(try BuildTimer.run(build))
            // One post's body changes: a paragraph appended to a post in the middle of the list.
            let name = files[(files.count / 2 + n * 7) % files.count]
            let paragraph = Data("\n追記 \(n): 納期について一言。\n".utf8)
            try Self.append(paragraph, to: postsFolder.appendingPathComponent(name))
            results["one edit", default: []].append(try BuildTimer.run(build))
            // Hugo in the same run, on the same posts with the same edit (side by side: this
            // machine's speed drifts from hour to hour).
            if let hugo, let hugoSite {
                hugoSite.removeOutput()
                let command = hugoSite.command(hugo: hugo)
                let clean = try BuildTimer.run(command)
                hugoPages = HugoSite.pages(in: clean.output) ?? hugoPages
                results["hugo clean", default: []].append(clean)
                results["hugo no-op", default: []].append(try BuildTimer.run(command))
                try Self.append(paragraph, to: hugoSite.contentPosts.appendingPathComponent(name))
                results["hugo one edit", default: []].append(try BuildTimer.run(command))
            }
        }
        print("build          median wall   pages/s   peak memory   (runs: wall s)")
        for kind in ["clean", "no-op", "one edit"] + (hugo == nil ? [] : ["hugo clean", "hugo no-op", "hugo one edit"]) {
            let runs = results[kind] ?? []
            let wall = runs.map(\.seconds).median
            let peak = runs.map(\.peakMiB).max() ?? 0
            let count = kind.hasPrefix("hugo") ? hugoPages : pages
            let rate = kind.hasSuffix("clean") && wall > 0 ? String(format: "%9.0f", Double(count) / wall) : "        -"
            let name = kind.padding(toLength: 13, withPad: " ", startingAt: 0)
            let times = runs.map { String(format: "%.3f", $0.seconds) }.joined(separator: ", ")
            print(name + String(format: " %9.3f s %@ %9.0f MiB   ", wall, rate, peak) + "(\(times))")
        }
        print("pages per clean build: \(pages)" + (hugo == nil ? "" : " (Hugo: \(hugoPages), its own count of pages)"))
    }

    static func append(_ data: Data, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.close()
    }

    /// "Built 1000 posts: 1597 pages written" or "記事1000件をビルドしました：1597ページを書き出し" → 1597
    /// (sitegen speaks the site's language).
    static func pages(in output: String) -> Int? {
        guard let range = output.range(of: #"[0-9]+ ?(pages?|ページ)"#, options: .regularExpression) else { return nil }
        return Int(output[range].prefix { $0.isASCII && $0.isNumber })
    }
}
