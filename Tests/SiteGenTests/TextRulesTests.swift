import Foundation
import Testing
@testable import SiteGen

@Suite struct SummaryTests {
    static let japanese = String(repeating: "クラウドソーシングで受けた仕事の話です。", count: 12) // 20 characters a sentence

    @Test func japaneseIsCutByCharactersAtASentenceEnd() {
        let summary = Summary.make(Self.japanese)
        #expect(summary.count <= Summary.cjkLimit)
        #expect(summary.hasSuffix("。"))
        #expect(summary.count == 120) // six whole sentences
    }

    @Test func japaneseWithoutSentenceEndsGetsAnEllipsis() {
        let summary = Summary.make(String(repeating: "あ", count: 300))
        #expect(summary.count == Summary.cjkLimit)
        #expect(summary.hasSuffix("…"))
    }

    @Test func englishIsCutByWords() {
        let text = Array(repeating: "The client changed the brief again", count: 20).joined(separator: " ")
        let summary = Summary.make(text)
        #expect(summary.split(separator: " ").count == Summary.wordLimit)
        #expect(summary.hasSuffix("…"))
        let sentences = Array(repeating: "Escrow protects both sides of a job.", count: 20).joined(separator: " ")
        #expect(Summary.make(sentences).hasSuffix("job."))
    }

    @Test func shortTextIsKeptWhole() {
        #expect(Summary.make("短い文章です。") == "短い文章です。")
        #expect(Summary.make("Short.") == "Short.")
    }

    @Test func japaneseWithSomeEnglishIsStillJapanese() {
        let mixed = String(repeating: "WordPressで記事を入稿する作業も請け負っています。", count: 10)
        #expect(Summary.isMostlyCJK(mixed))
        #expect(Summary.make(mixed).count <= Summary.cjkLimit)
        // The ASCII shortcut counts as letters exactly what Unicode calls alphabetic:
        // one kanji against three of each ASCII character tips the balance only for letters.
        for byte in UInt8(1)...UInt8(127) {
            let scalar = Unicode.Scalar(byte)
            let text = "案" + String(repeating: String(scalar), count: 4)
            #expect(Summary.isMostlyCJK(text) == !scalar.properties.isAlphabetic, "\(byte)")
        }
        // Kana and kanji are told by their first bytes: the same answer as the rule, scalar by scalar.
        for value in UInt32(0x3000)..<0xA000 {
            let scalar = Unicode.Scalar(value)!
            #expect(Summary.isMostlyCJK(String(scalar)) == Script.isCJKLetter(scalar), "\(value)")
        }
        // Decoded from bytes, as the rule says over scalars: the first 300, kanji and kana against letters of any script.
        let pieces = ["案件", "の", "a", "Z", "Ω", "é", "e\u{301}", "1", " ", "。", "ー", "한", "😀", "𠮷", "・", "䷀", "〇",
                      String(repeating: "x", count: 120), String(repeating: "納", count: 100)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let opening = text.unicodeScalars.prefix(300)
            let cjk = opening.filter(Script.isCJKLetter).count
            let latin = opening.filter { !Script.isCJKLetter($0) && Script.isAlphabetic($0) }.count
            #expect(Summary.isMostlyCJK(text) == (cjk > 0 && cjk * 3 >= latin), "\(text)")
        }
    }

    @Test func moreMarkerDecidesTheSummaryAndDisappearsFromThePage() throws {
        let site = try TestSite()
        try site.post("more", title: "続き", body: "最初の段落です。\n\n<!--more-->\n\n続きの段落です。")
        try site.build()
        let home = try site.read("index.html")
        #expect(home.contains("<p class=\"card__summary\">最初の段落です。</p>"))
        let post = try site.read("posts/more/index.html")
        #expect(!post.contains("more--"))
        #expect(post.contains("続きの段落です。"))
    }

    /// The marker as an HTML block: any case, blank around it (ASCII read as bytes, Unicode
    /// blanks through Foundation), nothing else in the block.
    @Test func moreMarkerIsFoundInAnyCaseWithBlanksAround() {
        func found(_ block: String) -> Bool { block.withCString { DocumentWalk.isMoreMarker($0) } }
        for block in ["<!--more-->\n", "  <!--MORE-->\t\r\n", "<!--More-->", "\u{3000}<!--more-->\n", "\u{A0}<!--mOrE--> \n"] {
            #expect(found(block), "\(block)")
        }
        for block in ["<!-- more -->\n", "<!--more--> x\n", "<!--more--", "x<!--more-->", "<!--more-->続き", "", "<!--mere-->"] {
            #expect(!found(block), "\(block)")
        }
        #expect(!DocumentWalk.isMoreMarker(nil))
    }

    @Test func summaryIsPlainTextWithoutMarkup() throws {
        let site = try TestSite()
        try site.post("md", title: "マークアップ", body: "## 見出し\n\n**太字**と[リンク](https://example.com)と`コード`です。\n\n```\nlet hidden = 1\n```")
        try site.build()
        let summary = try #require(try site.read("index.html").between("<p class=\"card__summary\">", "</p>"))
        #expect(summary == "見出し 太字とリンクとコードです。")
    }

    /// Whitespace collapsed scalar by scalar equals splitting on `Character.isWhitespace`.
    /// Joining pieces with the ASCII shortcut gives what the rules say character by character,
    /// on random pieces of Japanese, English, spaces, marks and Arabic prepend characters.
    @Test func plainTextJoinsAsTheCharacterRulesSay() {
        struct Reference {
            var result = "", pending = 0 // 0 none, 1 line, 2 block
            mutating func append(_ piece: String) {
                guard let first = piece.first else { return }
                if let last = result.last, !last.isWhitespace, !first.isWhitespace {
                    if pending == 1, !(Script.isCJK(last) && Script.isCJK(first)) { result += " " }
                    if pending == 2, !PlainText.closingPunctuation.contains(last) { result += " " }
                }
                pending = 0
                result += piece
            }
        }
        let pieces = ["です。", "また", "word", "a", " ", "\n", "\t", "」", "e\u{301}", "\u{301}", "\u{600}", "\r", "\n\r", "１", "x ", " y", "!", "",
                      "漢", "\u{3099}", "ﾞ", "\u{3000}", "ー"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var text = PlainText(), reference = Reference()
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: text.breakLine(); if reference.pending == 0 && !reference.result.isEmpty { reference.pending = 1 }
                case 1: text.breakBlock(); if !reference.result.isEmpty { reference.pending = 2 }
                default:
                    let piece = pieces.randomElement(using: &generator)!
                    text.append(piece)
                    reference.append(piece)
                }
            }
            #expect(Array(text.joined().utf8) == Array(reference.result.utf8))
        }
    }

    @Test func collapsingWhitespaceFollowsCharacters() {
        let pieces = [" ", "  ", "\n", "\r\n", "\t", "\u{3000}", "\u{A0}", "\u{2028}", "\u{85}", "\u{200B}", "\u{301}", "\u{200D}",
                      "\u{3099}", "納期", "a", "é", "e\u{301}", "ｶﾞ", "😀", "\u{1F3FB}", "「", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Summary.collapseWhitespace(text) == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "),
                    "\(Array(text.unicodeScalars))")
        }
    }

    /// Random long texts: the summary made from the opening equals the one made from the whole
    /// text, whitespace-heavy, English, Japanese and mixed alike.
    @Test func summaryFromTheOpeningEqualsTheWhole() {
        let pieces = ["クラウドソーシングで受けた仕事の話です。", "納期", "「仮払いは？」", "word", "escrow.", "Deadline!", " ", "  ", "\n\n",
                      "\t", "e\u{301}", "𠮷", "、", "ok?", String(repeating: " ", count: 300), String(repeating: "あ", count: 90)]
        var generator = SystemRandomNumberGenerator()
        let spacedOut = String(repeating: " ", count: 2_040) + "one two " + String(repeating: "word ", count: 900)
        #expect(Summary.make(spacedOut) == Array(repeating: "word", count: 48).joined(separator: " ").replacingOccurrences(of: "^", with: "one two ", options: .regularExpression) + "…")
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 100...900, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let whole = Summary.collapseWhitespace(text)
            let expected = Summary.isMostlyCJK(whole) ? Summary.cutCJK(whole) : Summary.cutWords(whole)
            #expect(Summary.make(text) == expected)
        }
    }
}

@Suite struct ReadingTimeTests {
    /// Counting pieces equals counting them joined by spaces, on random text of every kind of character.
    @Test func piecesCountAsIfJoined() {
        let pieces = ["納期", "、", "。", "don't", "well-known", "’", "word", "123", "ｶﾞ", "Ωmega", "é", "e\u{301}", "𠮷", "한글", " ", "\n", "-", "'", "x",
                      // Each edge of the ranges told by their first bytes: U+4DB5/4DC0/4E02, kana's ends, U+3006/3400.
                      "䶵䷀丂", "ー・゛ゟヿぁ", "〆㐀"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let parts = (0..<3).map { _ in (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
            #expect(ReadingTime(parts) == ReadingTime(parts.joined(separator: " ")))
            // Against the rules written over scalars.
            var cjk = 0, words = 0, inWord = false
            for scalar in parts.joined(separator: " ").unicodeScalars {
                if Script.isCJK(scalar) {
                    if Script.isCJKLetter(scalar) { cjk += 1 }
                    inWord = false
                } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    if !inWord { words += 1 }
                    inWord = true
                } else if !["'", "’", "-"].contains(scalar) {
                    inWord = false
                }
            }
            #expect(ReadingTime(parts) == ReadingTime(cjkCharacters: cjk, words: words), "\(parts)")
        }
    }

    @Test func japaneseCountsCharacters() {
        let time = ReadingTime(String(repeating: "あ", count: 1500))
        #expect(time.cjkCharacters == 1500)
        #expect(time.words == 0)
        #expect(time.minutes == 3)
    }

    @Test func englishCountsWords() {
        let time = ReadingTime(Array(repeating: "word", count: 600).joined(separator: " "))
        #expect(time.words == 600)
        #expect(time.cjkCharacters == 0)
        #expect(time.minutes == 3)
    }

    @Test func mixedTextCountsBoth() {
        // One kanji must not switch 600 English words to character speed (Hugo #10031).
        let oneKanji = ReadingTime(Array(repeating: "word", count: 600).joined(separator: " ") + " 漢")
        #expect(oneKanji.minutes == 3)
        let half = ReadingTime(String(repeating: "あ", count: 1000) + " " + Array(repeating: "word", count: 400).joined(separator: " "))
        #expect(half.cjkCharacters == 1000 && half.words == 400)
        #expect(half.minutes == 4)
    }

    @Test func punctuationIsNotRead() {
        #expect(ReadingTime("「、。」！？").cjkCharacters == 0)
        #expect(ReadingTime("").minutes == 1)
    }

    @Test func postPagesShowTheReadingTime() throws {
        let site = try TestSite()
        try site.post("long", title: "長い", body: String(repeating: "あいうえお。", count: 400)) // 2000 characters
        try site.build()
        #expect(try site.read("posts/long/index.html").contains("4分で読めます"))
    }
}

@Suite struct DateTests {
    let parser = DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!)

    @Test func acceptsTheFormsPeopleWrite() throws {
        let format = DateFormat(calendar: parser.calendar, language: .ja)
        #expect(try format.iso(#require(parser.parse("2017-09-18"))) == "2017-09-18T00:00:00+09:00")
        #expect(try format.iso(#require(parser.parse("2017-09-18 20:45"))) == "2017-09-18T20:45:00+09:00")
        #expect(try format.iso(#require(parser.parse("2017-09-18T20:45:21Z"))) == "2017-09-19T05:45:21+09:00")
        #expect(try format.iso(#require(parser.parse("2017-09-18T20:45:21.123-05:00"))) == "2017-09-19T10:45:21+09:00")
        #expect(try format.iso(#require(parser.parse("2017/9/8 20:45:00 +0900"))) == "2017-09-08T20:45:00+09:00")
    }

    @Test func rejectsImpossibleDates() throws {
        #expect(parser.parse("2017-02-30") == nil)
        #expect(parser.parse("2017-13-01") == nil)
        #expect(parser.parse("2017-01-01 25:00") == nil)
        #expect(parser.parse("yesterday") == nil)
        #expect(parser.parse("2016-02-29") != nil)
        // Shapes that are almost dates: each refused, none crashes (full-width digits included).
        for text in ["２０１７-09-18", "2017-09", "2017-09-18T", "2017-09-18 20", "2017-09-18 20:4", "2017-9-123",
                     "17-09-18", "2017-09-18 20:45:21.", "2017-09-18 +9", "2017-09-18 20:45 JST", "2017-09-18x"] {
            #expect(parser.parse(text) == nil, "\(text)")
        }
        let format = DateFormat(calendar: parser.calendar, language: .ja)
        #expect(try format.iso(#require(parser.parse("2017-09-18 Z"))) == "2017-09-18T09:00:00+09:00")
        #expect(try format.iso(#require(parser.parse("2017-09-18T8:05"))) == "2017-09-18T08:05:00+09:00")
    }

    /// Japanese dates in the Gregorian calendar of `zone`.
    static func japaneseFormat(in zone: String) throws -> DateFormat {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: zone))
        return DateFormat(calendar: calendar, language: .ja)
    }

    /// The arithmetic date fields against `Calendar`'s, in zones with and without summer
    /// time, over the centuries a post can carry (and before 1600, where `Calendar` answers).
    @Test func dateFieldsMatchTheCalendars() throws {
        var random = SeededRandom(seed: 29)
        for zone in ["Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"] {
            let format = try Self.japaneseFormat(in: zone)
            let calendar = format.calendar
            let edges: [Double] = [0, -1, 86_399.5, -86_400.25, 951_782_400, 4_107_542_399, DateFormat.year1600, -12_000_000_000]
            let randomDates = (0..<3_000).map { _ in Double(Int64.random(in: -15_000_000_000...7_000_000_000, using: &random)) + 0.75 }
            for seconds in edges + randomDates {
                let date = Date(timeIntervalSince1970: seconds)
                let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
                let expected = DateFormat.Parts(year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!,
                                                second: p.second!, weekday: p.weekday!)
                #expect(format.parts(date) == expected, "\(zone) \(seconds)")
            }
        }
    }

    /// ISO dates are written as bytes: against the same fields printed by `String(format:)`,
    /// in zones east and west of Greenwich and with half-hour offsets.
    @Test func isoDatesAgreeWithFormattedFields() throws {
        var random = SeededRandom(seed: 31)
        for zone in ["Asia/Tokyo", "America/St_Johns", "Asia/Kolkata", "UTC", "Pacific/Pago_Pago"] {
            let format = try Self.japaneseFormat(in: zone)
            let calendar = format.calendar
            for _ in 0..<500 {
                let date = Date(timeIntervalSince1970: Double(Int64.random(in: -12_000_000_000...7_000_000_000, using: &random)))
                let p = format.parts(date)
                let offset = calendar.timeZone.secondsFromGMT(for: date)
                let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour, p.minute, p.second)
                    + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) / 60 % 60)
                #expect(format.iso(date) == expected, "\(zone) \(date)")
            }
        }
        for width in 1...5 {
            for number in [0, 1, 9, 10, 42, 99, 100, 999, 1000, 2017, 9999, 10_000, 123_456] {
                let plain = String(number)
                #expect(DateFormat.digits(number, width) == String(repeating: "0", count: max(0, width - plain.count)) + plain)
            }
        }
        #expect(DateFormat.digits(7, 2) == "07")
        #expect(DateFormat.digits(0, 4) == "0000")
        #expect(DateFormat.digits(12_345, 4) == "12345")
        #expect(DateFormat.digits(-5, 2) == "-5")
        #expect(DateFormat.digits(-5, 3) == "0-5") // as the `String`-joining version wrote it
    }

    @Test func formatsPerLanguage() throws {
        let date = try #require(parser.parse("2017-09-18 20:45"))
        #expect(DateFormat(calendar: parser.calendar, language: .ja).long(date) == "2017年9月18日")
        #expect(DateFormat(calendar: parser.calendar, language: .en).long(date) == "September 18, 2017")
        #expect(DateFormat(calendar: parser.calendar, language: .en).rfc822(date) == "Mon, 18 Sep 2017 20:45:00 +0900")
    }

    @Test func englishSitesUseEnglishDatesAndStrings() throws {
        let site = try TestSite(config: TestSite.defaultConfig.replacingOccurrences(of: "language: ja", with: "language: en"))
        try site.post("a", title: "Hello", date: "2017-09-18", body: "Some words here.")
        try site.build()
        let html = try site.read("posts/a/index.html")
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("September 18, 2017"))
        #expect(html.contains("1 min read"))
    }

    @Test func anEnglishPostOnAJapaneseSiteIsMarkedEnglish() throws {
        let site = try TestSite()
        try site.post("en", title: "In English", body: "This post is written in English from start to end.")
        try site.post("ja", title: "日本語", date: "2026-01-11", body: "日本語の記事です。")
        try site.build()
        #expect(try site.read("posts/en/index.html").contains("<article class=\"post wrap\" lang=\"en\">"))
        #expect(try site.read("posts/ja/index.html").contains("<article class=\"post wrap\">"))
        #expect(try site.read("index.html").contains("<article class=\"card\" lang=\"en\">"))
    }
}

@Suite struct FastTextTests {
    @Test func trimmedSpacesAgreesWithFoundation() {
        let pieces = [" ", "\t", "\n", "\u{3000}", "\u{A0}", "\u{2003}", "納期", "a", "é", "e\u{301}", "\u{200B}", "\u{FEFF}", "\u{301}", "x y", "「", "😀"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(text.trimmedSpaces == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }

    /// Links: percent-encoding as Foundation does it for the same allowed bytes, the site's
    /// base path first, a leading slash of the site path dropped.
    @Test func linksAreEncodedAsFoundationEncodesThem() throws {
        let pieces = ["/", "posts", "タグ", "納期", "a b", "%", "?", "#", "é", "~", "-", "_", ".", "😀", "C++", ""]
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        var random = SeededRandom(seed: 41)
        for _ in 0..<2_000 {
            let path = (0..<Int(random.next() % 7)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let expected = try #require(path.addingPercentEncoding(withAllowedCharacters: allowed))
            #expect(URLPath.encode(path) == expected, "\(path.debugDescription)")
        }
        let site = try #require(SiteURL("https://example.com/blog/"))
        #expect(site.link("/tags/納期/") == "/blog/tags/%E7%B4%8D%E6%9C%9F/")
        #expect(site.link("posts/a b/") == "/blog/posts/a%20b/")
        #expect(try #require(SiteURL("https://example.com/")).link("/") == "/")
    }

    /// Each thread's table remembers what `make` gave, and gives it again: on every core,
    /// beyond the Basic Multilingual Plane too.
    @Test func scalarTablesGiveWhatTheyWereMadeFrom() throws {
        let table = ScalarTable { UInt8(truncatingIfNeeded: $0 &* 7 % 251) }
        try Parallel.forEach(4) { part in
            let lookup = table.current
            for round in 0..<2 {
                for value in stride(from: UInt32(part), to: 0x11000, by: 3) {
                    #expect(lookup(value) == UInt8(truncatingIfNeeded: value &* 7 % 251), "\(value) round \(round)")
                }
            }
        }
    }

    @Test func alphabeticLookupAgreesWithTheProperty() {
        for value in 0..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(Script.isAlphabetic(scalar) == scalar.properties.isAlphabetic, "U+\(String(value, radix: 16))")
        }
    }

    /// Sorting by UTF-8 bytes gives `String`'s order for text in NFC (file names, paths).
    @Test func byteOrderIsStringOrderForNFCText() {
        let pieces = ["posts/", "a", "b", "-", "/", ".md", "納期", "記事", "é", "Z", "0", "9", "😀", "\u{3000}", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let texts = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            #expect(ByteKey.byteOrder(texts).map { texts[$0] } == texts.sorted())
        }
        #expect(ByteKey("納期") == ByteKey("納" + "期"))
        #expect(ByteKey("a") != ByteKey("b"))
        #expect(Set([ByteKey("é"), ByteKey("é"), ByteKey("e")]).count == 2)
    }

    /// `replacingAll` and `byteRange` against Foundation, on random text with the markers they look for.
    @Test func agreesWithFoundation() {
        let pieces = ["<img src=\"", "<img", "src", "[f:id:", "[", "f:", "納期", "é", " ", "\"", "<", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0...15, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let target = ["<img src=\"", "[f:id:", "<", "納期", "xx"].randomElement(using: &generator)!
            #expect(text.replacingAll(target, with: "[R]") == text.replacingOccurrences(of: target, with: "[R]"), "\(text)")
            let found = text.byteRange(of: target).map { text.utf8.distance(from: text.utf8.startIndex, to: $0.lowerBound) }
            let expected = text.utf8.indices.first { text.utf8[$0...].starts(with: target.utf8) }.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
            #expect(found == expected, "\(text)")
            if let found, let after = text.byteRange(of: target, from: text.utf8.index(text.utf8.startIndex, offsetBy: found + 1)) {
                #expect(text.utf8.distance(from: text.utf8.startIndex, to: after.lowerBound) > found)
            }
        }
    }
}

@Suite struct SlugTests {
    /// The byte-level path for ASCII text gives what the Unicode path gives, character by
    /// character and on random strings (`^` and `` ` `` are Unicode diacritics: kept after a letter).
    @Test func asciiFastPathAgreesWithTheUnicodeRules() throws {
        for byte in UInt8(1)...UInt8(127) {
            for text in [String(UnicodeScalar(byte)), "a" + String(UnicodeScalar(byte)) + "b", String(UnicodeScalar(byte)) + "x"] {
                #expect(Slug.makeASCII(text) == Slug.makeByCharacters(text), "\(Array(text.utf8))")
            }
        }
        var random = SeededRandom(seed: 7)
        let alphabet = Array("aZ09_- .,/^`\r\n\t!?#:".utf8)
        for _ in 0..<2000 {
            let count = Int(random.next() % 24)
            let text = String(decoding: (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            #expect(Slug.makeASCII(text) == Slug.makeByCharacters(text), "\(text.debugDescription)")
        }
        #expect(Slug.makeASCII("日本語") == nil)
        #expect(Slug.make("Hello, World!") == "hello-world")
        #expect(Slug.fromFileName("2017-09-18-first-client.md") == "first-client")
        #expect(Slug.fromFileName("2017-9-18-first.md") == "2017-9-18-first")
        #expect(Slug.fromFileName("2017-09-18-初めての案件.md") == "初めての案件")
        #expect(Slug.fromFileName("2017-09-18-.md") == "")
        #expect(Slug.fromFileName("2017-09-18-a.b.markdown") == "a-b")
        #expect(Slug.fromFileName("about") == "about")
        #expect(Slug.fromFileName("2017-09-1x-note.md") == "2017-09-1x-note")
        #expect(Slug.fromFileName("Ｒｅａｄｍｅ.md") == Slug.make("Ｒｅａｄｍｅ"))
    }

    /// The scalar-by-scalar path for Japanese text gives what the character rules give, on
    /// random headings of kana, kanji, Japanese punctuation, full-width forms and ASCII; text
    /// with anything else (a combining mark, an ideographic space) is left to the character rules.
    @Test func plainJapaneseFastPathAgreesWithTheCharacterRules() throws {
        let pieces = ["納期", "案件", "仮払い", "エスクロー", "ー", "、", "。", "「", "」", "【", "】", "ａ", "Ｚ", "１", "＾", "（", "！",
                      "a", "B", "7", "^", "`", " ", "-", "_", "\r\n", "が", "ヴ", "・"]
        var random = SeededRandom(seed: 11)
        for _ in 0..<3000 {
            let text = (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let plain = Slug.makePlain(text)
            if text.unicodeScalars.contains(where: { $0.value == 0x30FB }) { #expect(plain == nil) } // ・ is not plain
            else { #expect(plain == Slug.makeByCharacters(text), "\(text.debugDescription)") }
        }
        // What `makePlain` assumes without asking: every kanji of the block is a letter, and its
        // table says what the Unicode properties say of every scalar it takes.
        for value in UInt32(0)...0xFFFF where value < 0x80 || Script.isPlainCJK(value) {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(Slug.plainKind(value) == Slug.kind(of: scalar), "U+\(String(value, radix: 16))")
        }
        #expect(Slug.plainKind(0x30FB) == nil)
        #expect(Slug.makePlain("か\u{3099}") == nil)
        #expect(Slug.makePlain("案件\u{3000}一覧") == nil)
        #expect(Slug.make("「納期」の話") == "納期-の話")
    }

    @Test func permalinksFillEveryPlaceholderOnce() throws {
        let calendar = DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!).calendar
        let date = try #require(DateParser(timeZone: calendar.timeZone).parse("2017-09-08"))
        #expect(try Permalink("/:year/:month/:day/:slug/").path(slug: "a", date: date, calendar: calendar) == "/2017/09/08/a/")
        #expect(try Permalink("/posts/:slug/").path(slug: "x:year", date: date, calendar: calendar) == "/posts/x:year/")
    }
}

/// Japanese headings wrap between phrases: `<wbr>` where a kana ending meets the next word,
/// never leaving a single character on a line of its own.
@Suite struct PhraseTests {
    @Test func breaksFallBetweenPhrases() {
        #expect(Phrases.html("いい感じに書いてください") == "いい<wbr>感じに<wbr>書いてください")
        #expect(Phrases.html("ページが見つかりません") == "ページが<wbr>見つかりません")
        #expect(Phrases.html("曖昧な依頼文を受けたときの確認手順") == "曖昧な<wbr>依頼文を<wbr>受けたときの<wbr>確認手順")
        #expect(Phrases.html("二つ目") == "二つ目")           // no one-character phrase
        #expect(Phrases.html("納期は「資料が揃ってから」") == "納期は<wbr>「資料が<wbr>揃ってから」")
        #expect(Phrases.html("A <b> & C") == "A &lt;b&gt; &amp; C") // not Japanese: escaped only
        #expect(Phrases.insertingBreaks(inHTML: "<code>書いてください</code>の手順を<em>確認</em>する")
                == "<code>書いてください</code>の手順を<em><wbr>確認</em>する")
    }
}
