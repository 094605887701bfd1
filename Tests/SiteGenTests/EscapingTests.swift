import Foundation
import Testing
@testable import SiteGen

/// Hostile text in titles, tags and descriptions must come out inert in every
/// context: HTML text, attributes, both feeds and JSON-LD.
@Suite struct EscapingTests {
    static let hostile = #"<script>alert("x")</script> & 'quotes' ]]> end"#

    func hostileSite() throws -> TestSite {
        let site = try TestSite()
        try site.post("hostile", title: Self.hostile, extra: """
        tags: ["<b>tag</b>", "a&b"]
        description: "説明 <img src=x onerror=alert(1)> \\" ]]>"
        """, body: "本文 <script>alert(1)</script> と ]]> と \u{1}制御文字")
        try site.build()
        return site
    }

    @Test func titlesAreEscapedInHTMLTextAndAttributes() throws {
        let site = try hostileSite()
        let html = try site.read("posts/hostile/index.html")
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; ]]&gt; end"))
        // In attributes the quote is escaped, so it cannot end the attribute early.
        let ogTitle = try #require(html.between("<meta property=\"og:title\" content=\"", "\">"))
        #expect(!ogTitle.contains("\""))
        // Raw HTML in the body is not let through by default.
        let body = try #require(html.between("<div class=\"prose\">", "</div>"))
        #expect(!body.contains("<script>"))
        #expect(!html.contains("\u{1}"))
    }

    @Test func tagNamesAreEscapedOnListPages() throws {
        let site = try hostileSite()
        let tags = try site.read("tags/index.html")
        #expect(tags.contains("&lt;b&gt;tag&lt;/b&gt;"))
        #expect(!tags.contains("<b>tag</b>"))
        #expect(tags.contains("a&amp;b"))
    }

    @Test func bothFeedsStayWellFormedAndKeepTheText() throws {
        let site = try hostileSite()
        let atom = try XMLNode.parse(site.read("feed.xml"))
        let entry = try #require(atom.first("entry"))
        #expect(entry.first("title")?.text == Self.hostile)
        #expect(entry.all("category").map { $0.attributes["term"] } == ["<b>tag</b>", "a&b"])
        let rss = try XMLNode.parse(site.read("rss.xml"))
        let item = try #require(rss.first("item"))
        #expect(item.first("title")?.text == Self.hostile)
        // The control character is dropped rather than breaking the XML.
        #expect(item.first("content:encoded")?.text.contains("制御文字") == true)
    }

    @Test func jsonLDIsValidJSONAndCannotCloseTheScriptElement() throws {
        let site = try hostileSite()
        let html = try site.read("posts/hostile/index.html")
        let json = try #require(html.between("<script type=\"application/ld+json\">", "</script>"))
        #expect(!json.contains("<"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let posting = try #require(parsed?.first)
        #expect(posting["headline"] as? String == Self.hostile)
        #expect(posting["@type"] as? String == "BlogPosting")
        let author = try #require(posting["author"] as? [String: Any])
        #expect(author["@type"] as? String == "Person")
        #expect(author["name"] as? String == "書き手")
    }

    @Test func escapeFunctions() {
        #expect(Escape.html(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(Escape.xml("a\u{0}b\u{1F}c\u{FFFE}d]]>") == "abcd]]&gt;")
        #expect(Escape.jsonString("</script>\n\"\u{2028}") == #""\u003c/script\u003e\n\"\u2028""#)
        #expect(Escape.jsonString("a\u{2029}…→\u{E2}") == #""a\u2029…→â""#) // other E2 80 .. characters stay as they are
    }

    @Test func htmlEscapingEscapesEachMarkupCharacter() {
        // Long texts, markup at every offset and between multibyte characters.
        let pieces = ["&", "<", ">", "\"", "'", "納期", "é", "abc", " ", "&amp;", "\u{0}", "plain text here"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
            #expect(Escape.html(text) == expected)
        }
    }

    /// `xml` against the rules written scalar by scalar, on random text with markup, controls and U+FFFE/F.
    @Test func xmlEscapingFollowsTheRules() {
        func reference(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                default: if Escape.isXMLChar(scalar) { out.unicodeScalars.append(scalar) }
                }
            }
            return out
        }
        let pieces: [String] = (0..<32).map { String(UnicodeScalar(UInt8($0))) } + ["&", "<", ">", "\"", "'", "\u{FFFE}", "\u{FFFF}",
                                "\u{FFFD}", "\u{FF01}", "\u{EFFF}", "納期", "𠮷", "é", "]]>", "abc", "\r\n"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Escape.xml(text) == reference(text), "\(Array(text.unicodeScalars))")
        }
    }

    /// Any text, read back by a JSON parser, is the text written; no `<`, `>`, `&` or line separator is left raw.
    @Test func jsonStringsReadBackExactly() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces: [String] = (0..<32).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "<", ">", "&", "/", "\u{7F}", "\u{2028}", "\u{2029}",
                                "\u{2027}", "…", "→", "納期", "𠮷", "é", "e\u{301}", "ｶﾞ", "abc", " ", "\u{FFFD}", "plain text here"] // (not U+FEFF: Foundation's parser drops it wherever it is)
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let json = Escape.jsonString(text)
            #expect(!json.contains("<") && !json.contains(">") && !json.contains("&") && !json.contains("\u{2028}") && !json.contains("\u{2029}"))
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            #expect(parsed?.first?.unicodeScalars.elementsEqual(text.unicodeScalars) == true, "\(Array(text.unicodeScalars))")
        }
    }

    /// The word-at-a-time scan finds exactly the bytes a byte-by-byte one does, wherever in
    /// a word they fall (random bytes weighted toward the edges: 0x1F, 0x20, 0x7F, 0xEF BF BE).
    @Test func controlScanMatchesTheByteByByteRule() {
        func reference(_ bytes: [UInt8]) -> Bool {
            for (i, b) in bytes.enumerated() {
                if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F { return true }
                if b == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE { return true }
            }
            return false
        }
        let pieces: [UInt8] = [0x1F, 0x20, 0x7F, 0x80, 0x09, 0x0A, 0x0D, 0x00, 0xEF, 0xBF, 0xBE, 0xBD, 0x41, 0xE3, 0x81, 0x82, 0xFF, 0xFE]
        var random = SeededRandom(seed: 11)
        var found = 0
        for _ in 0..<20000 {
            let count = Int(random.next() % 40)
            let bytes = (0..<count).map { _ in random.next() % 3 == 0 ? pieces[Int(random.next() % UInt64(pieces.count))] : UInt8(0x41 + random.next() % 26) }
            let expected = reference(bytes)
            if expected { found += 1 }
            #expect(bytes.withUnsafeBufferPointer { Escape.hasControls($0) } == expected, "\(bytes)")
        }
        #expect(found > 1000 && found < 19000)
        #expect(Escape.stripControls("納期\u{1}は\u{7F}三日\u{FFFE}後\t\n") == "納期は三日後\t\n")
    }
}
