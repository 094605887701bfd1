import Foundation
import Testing
@testable import SiteGen

/// `SimpleFrontMatter` reads front matter without Yams; wherever it answers, it must answer
/// what Yams does, and it must step aside for everything else.
@Suite struct SimpleFrontMatterTests {
    let dates = DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!)

    /// The same fields, each compared (`FrontMatter` is not `Equatable`: it holds the raw YAML).
    func same(_ a: FrontMatter, _ b: FrontMatter) -> Bool {
        a.title == b.title && a.date == b.date && a.lastmod == b.lastmod && a.draft == b.draft && a.slug == b.slug
            && a.tags == b.tags && a.categories == b.categories && a.description == b.description && a.image == b.image
            && a.aliases == b.aliases && a.layout == b.layout && a.lang == b.lang && a.adsOff == b.adsOff
            && a.commissionsOff == b.commissionsOff && a.sponsored == b.sponsored && a.allowsHTML == b.allowsHTML
    }

    func viaYams(_ text: String) throws -> FrontMatter {
        try FrontMatter.read(YAMLMap.parse(text, file: "post.md", lineOffset: 1), dates: dates, text: text)
    }

    /// Nil when the simple reader steps aside (not its shape, or a value it refuses).
    func viaSimple(_ text: String) -> FrontMatter? {
        guard let simple = SimpleFrontMatter(text) else { return nil }
        return try? FrontMatter.read(simple, dates: dates, raw: LazyYAML(text: text, file: "post.md", lineOffset: 1))
    }

    @Test func everydayFrontMatterIsReadWithoutYams() throws {
        let text = """
        title: "案件の記録 その0：マーケティングについて"
        date: 2017-01-01T09:44:45+09:00
        tags: ["在宅ワーク", clients, 'seo']
        categories:
          - 働き方
          - Working in English
        # a comment line
        description: 案件0で学んだ、依頼内容の確認と納期と仮払いのこと。
        draft: False
        ads: off
        slug: case-0
        lastmod:
        image: /images/a.png
        aliases: /entry/2017/01/01/094445

        """
        let simple = try #require(viaSimple(text))
        #expect(simple.title == "案件の記録 その0：マーケティングについて")
        #expect(simple.tags == ["在宅ワーク", "clients", "seo"])
        #expect(simple.categories == ["働き方", "Working in English"])
        #expect(simple.adsOff && !simple.draft && simple.lastmod == nil)
        #expect(simple.aliases == ["/entry/2017/01/01/094445"])
        #expect(same(simple, try viaYams(text)))
    }

    @Test func otherShapesAreLeftToYams() {
        for text in ["title: |\n  two\n  lines", "title: a # comment", "title: Re: 件名", "title: \"a \\\"b\\\"\"", "tags: [a, [b]]",
                     "title: &anchor x", "title: *anchor", "title: !!str 1", "author:\n  name: x", "title: a\n  continued",
                     "title: a\ntitle: b", "title:\ta", "title: 'it''s'", "- a\n- b", "title", "title:x", "tags: [a, b", "\"title\": x",
                     "title: a\u{2028}b", "title: a\u{85}b", "tags:\n  - a\n - b", "tags:\n  - a: b", "date: 2017-02-30"] {
            let simple = SimpleFrontMatter(text).flatMap { try? FrontMatter.read($0, dates: dates, raw: LazyYAML(text: text, file: "p", lineOffset: 1)) }
            #expect(simple == nil, "read without Yams: \(text.debugDescription)")
        }
    }

    /// Generated front matters from pieces that trip YAML readers up: wherever the simple
    /// reader answers, Yams answers the same. A failure names the text.
    @Test func answersWhatYamsAnswersOnGeneratedFrontMatter() throws {
        let keys = ["title", "date", "lastmod", "updated", "draft", "slug", "tags", "categories", "description", "summary",
                    "image", "aliases", "layout", "lang", "ads", "sponsored", "commissions", "html", "other_key", "x-y"]
        let words = ["案件", "a b", "yes", "No", "ON", "off", "TRUE", "false", "null", "Null", "~", "", "ja", "en", "2017-01-02",
                     "2017-01-02 09:30", "2017-01-02T09:30:00+09:00", "2017-13-40", "C#", "a#b", "a:b", "http://x.jp/a?b=c",
                     "１２３", "　全角", "-5", "1.5", "0x1F", "a:", ":a", "a : b", "?x", "[x]", "{x}", "a, b", "a]", "'q'", "\"q\"",
                     "\\n", "é", "👍🏽", "a  b", "#x", "@x", "`x`", "%x", "|", ">", "*", "&", "!", "- x", "a - b"]
        var random = SeededRandom(seed: 7)
        func word() -> String { words[Int(random.next() % UInt64(words.count))] }
        func scalar() -> String {
            let text = word()
            switch random.next() % 4 {
            case 0: return "\"\(text)\""
            case 1: return "'\(text)'"
            default: return text
            }
        }
        var accepted = 0
        for round in 0..<3000 {
            var lines: [String] = []
            for _ in 0..<(1 + random.next() % 6) {
                let key = keys[Int(random.next() % UInt64(keys.count))]
                switch random.next() % 8 {
                case 0: lines.append("\(key): [\((0..<random.next() % 4).map { _ in scalar() }.joined(separator: ", "))]")
                case 1:
                    lines.append("\(key):")
                    let indent = random.next() % 2 == 0 ? "" : "  "
                    for _ in 0..<(random.next() % 3) { lines.append("\(indent)- \(scalar())") }
                case 2: lines.append(random.next() % 2 == 0 ? "# \(word())" : "")
                case 3: lines.append("\(key):\(random.next() % 2 == 0 ? "" : "   ")")
                default: lines.append("\(key): \(scalar())\(random.next() % 5 == 0 ? "  " : "")")
                }
            }
            let text = lines.joined(separator: "\n") + (round % 2 == 0 ? "\n" : "")
            guard let simple = viaSimple(text) else { continue }
            accepted += 1
            let yams: FrontMatter
            do { yams = try viaYams(text) } catch {
                Issue.record("Yams refuses what the simple reader read: \(text.debugDescription): \(error)")
                continue
            }
            #expect(same(simple, yams), "\(text.debugDescription)")
        }
        // The generator must exercise the simple reader, not only its refusals.
        #expect(accepted > 300, "only \(accepted) generated front matters were read without Yams")
    }
}
