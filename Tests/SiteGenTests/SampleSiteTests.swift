import Foundation
import Testing
@testable import SiteGen

/// The sample site in the repository is what `sitegen build` builds with no
/// arguments; it must keep building and keep showing what the README promises.
@Suite struct SampleSiteTests {
    @Test func theSampleSiteBuilds() throws {
        // In a folder of its own: the build's cache (`.sitegen-cache/`) goes beside the output, and with it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("Public")
        let report = try Builder.build(BuildOptions(source: TestSite.repoRoot, output: output,
                                                    content: ContentOptions(now: TestSite.now)))
        #expect(report.posts >= 4)
        func read(_ path: String) throws -> String {
            try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
        }
        let escrow = try read("posts/escrow/index.html")
        #expect(escrow.contains("<table>"))
        #expect(escrow.contains("class=\"footnotes\""))
        #expect(escrow.contains("<blockquote>"))
        #expect(escrow.contains("<img src=\"/images/escrow-timeline.svg\" alt=\"原稿を書き終えてから報酬の入金までの時間を表した図\" width=\"800\" height=\"300\" fetchpriority=\"high\">"))
        #expect(try read("posts/clear-terms/index.html").contains("lang=\"en\""))
        #expect(try read("about/index.html").contains("青井ことは"))
        _ = try XMLNode.parse(read("feed.xml"))
        _ = try XMLNode.parse(read("rss.xml"))
        _ = try XMLNode.parse(read("sitemap.xml"))
    }
}
