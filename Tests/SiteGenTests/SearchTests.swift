import Foundation
import Synchronization
import Testing
@testable import SiteGen

@Suite struct SearchTokenizerTests {
    @Test func japaneseRunsBecomeOverlappingBigrams() {
        #expect(SearchTokenizer.tokens("クラウドソーシング") == ["クラ", "ラウ", "ウド", "ドソ", "ソー", "ーシ", "シン", "ング"])
        #expect(SearchTokenizer.tokens("作業環境") == ["作業", "業環", "環境"])
        #expect(SearchTokenizer.tokens("猫") == ["猫"])
    }

    @Test func latinTextBecomesLowercaseWords() {
        #expect(SearchTokenizer.tokens("Escrow protects BOTH sides") == ["escrow", "protects", "both", "sides"])
        #expect(SearchTokenizer.tokens("SaaSの導入ガイド") == ["saas", "の導", "導入", "入ガ", "ガイ", "イド"])
    }

    @Test func widthIsFoldedButDakutenAreKept() {
        #expect(SearchTokenizer.tokens("ＳＥＯ") == ["seo"])            // full-width Latin
        #expect(SearchTokenizer.tokens("ｶｰﾄﾞ") == ["カー", "ード"])     // half-width katakana
        #expect(SearchTokenizer.tokens("ガード") != SearchTokenizer.tokens("カード"))
        #expect(SearchTokenizer.tokens("ホームページ・ブログ") == ["ホー", "ーム", "ムペ", "ペー", "ージ", "ブロ", "ログ"])
    }

    /// The fast path (text that is already NFKC) must agree with Foundation's normalizer.
    @Test func fastNormalizationAgreesWithFoundation() {
        let samples = ["Escrow PAYMENT", "クラウドソーシング", "ｶﾞｲﾄﾞ", "ＡＢＣ１２３", "か\u{3099}", "㈱と①", "Straße",
                       "ﬁle", "한글", "\u{1100}\u{1161}", "e\u{301}", "普通の文章です。", "Ωmega ΣΑΣ", "全角　空白",
                       "全角！（テスト）ですｶﾞｲﾄﾞも。", "か\u{3099}き\u{309A}く", "ＡＢＣとabcとＡbＣ", "한\u{11AB}글", "カフェ\u{301}",
                       "Ａ\u{301}と（ｅ\u{301}）", "：\u{338}", "ＡＢ\u{301}Ｃ", "１２３％ｶﾞ", "ｚ", "漢\u{3099}字", "案件\u{301}",
                       "\u{4DC0}\u{4DB5}䷀"]
        for sample in samples {
            let slow = sample.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
            // Bytes, not Strings: `==` on Strings holds "a + ◌́" equal to "á".
            #expect(Array(SearchTokenizer.normalize(sample).utf8) == Array(slow.utf8), "\(sample)")
        }
        // Long joins, so runs of ASCII (skipped eight bytes at a time, lowercased at the end) meet
        // every kind of piece at every offset.
        let pieces = samples + ["ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefgh", "Hello, World! ", "x", "Z", "@[`{", "é", "\u{3000}", "…"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let slow = text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
            #expect(Array(SearchTokenizer.normalize(text).utf8) == Array(slow.utf8), "\(text)")
        }
    }

    /// Characters the normalizer copies without asking Foundation must really be unchanged by it
    /// (U+4000 to U+9FFF, which it passes by their lead byte alone, all of them).
    @Test func charactersTakenAsStableAreStable() {
        #expect((UInt32(0x4000)...0x9FFF).allSatisfy { SearchTokenizer.isStable(Unicode.Scalar($0)!) })
        for v in UInt32(0x3000)...0x9FFF {
            guard let scalar = Unicode.Scalar(v), SearchTokenizer.isStable(scalar) else { continue }
            let text = String(Character(scalar))
            #expect(SearchTokenizer.foundationNormalized(text) == text, "U+\(String(v, radix: 16))")
        }
    }

    /// The byte-level tokenizer against the rules written plainly, scalar by scalar, on random text
    /// mixing scripts, marks, full- and half-width forms and astral characters.
    @Test func tokensFollowTheRulesOnRandomText() {
        func reference(_ text: String) -> [String] {
            let normalized = text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping.lowercased()
            var tokens: [String] = [], run: [Unicode.Scalar] = [], word = ""
            func flushRun() {
                if run.count == 1 { tokens.append(String(Character(run[0]))) }
                run = []
            }
            func flushWord() { if !word.isEmpty { tokens.append(word); word = "" } }
            for scalar in normalized.unicodeScalars {
                if SearchTokenizer.isCJK(scalar.value) {
                    flushWord()
                    if let last = run.last { tokens.append(String(String.UnicodeScalarView([last, scalar]))) }
                    run.append(scalar)
                } else if SearchTokenizer.isWord(scalar) {
                    flushRun()
                    word.unicodeScalars.append(scalar)
                } else {
                    flushRun()
                    flushWord()
                }
            }
            flushRun()
            flushWord()
            return tokens
        }
        let pieces = ["納期", "の", "仮払い", "クラウド", "ｶﾞｲﾄﾞ", "ＡＢＣ", "Escrow", "déjà", "e\u{301}", "か\u{3099}", "𠮷野家", "한글",
                      "\u{1100}\u{1161}", "、", "。", "「", "」", "・", " ", "\n", "!", "123", "①", "㈱", "Straße", "ﬁ", "Ωmega",
                      "々", "〇", "〡", "ー", "A\u{30A}", "Q", "\u{FF01}", "\u{3000}", "\u{2028}", "x", "ß", "İ",
                      "Ｚ", "（", "\u{301}", "\u{338}", "＝",
                      "@[`{/:09azAZ"] // the ASCII just outside and at the ends of digits and letters
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(SearchTokenizer.tokens(text) == reference(text), "\(text)")
            let counts = TokenCounts(expected: 1)
            counts.add(text, scoring: .occurrences)
            let distinct = reference(text).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            #expect(counts.codes.count == distinct.count)
            #expect(counts.hashes == distinct.map { SearchTokenizer.fnv1a($0) }, "\(text)")
            #expect(counts.codes.map { SearchTokenizer.text(of: $0, word: counts.words.text(of:)) } == distinct, "\(text)")
            #expect(counts.scores.map(Int.init) == distinct.map { token in min(reference(text).filter { $0 == token }.count, 9) }, "\(text)")
        }
    }

    @Test func shardsGrowWithTheIndex() {
        let small = SearchIndex.files([SearchIndex.Document(title: "a", url: "/a/", date: "", dateISO: "", tags: [], text: "本文")])
        #expect(small.contains { $0.path == "search/index.json" && $0.contents.contains("\"shards\":1") })
        let big = (0..<1_500).map { n in
            SearchIndex.Document(title: "記事\(n)", url: "/p\(n)/", date: "", dateISO: "", tags: ["タグ\(n % 7)"],
                                 text: String(repeating: "案件\(n)の記録と納期と仮払いの話。word\(n) escrow ", count: 20))
        }
        let files = SearchIndex.files(big)
        let shards = files.filter { $0.path.hasPrefix("search/s/") }
        #expect(shards.count > 1)
        #expect(shards.allSatisfy { $0.contents.utf8.count < SearchIndex.targetShardBytes * 3 })
        #expect(files.filter { $0.path.hasPrefix("search/d/") }.count == 1_500)
    }

    /// Postings are written compactly by Swift and read back by the script.
    @Test func theScriptDecodesThePostingsSwiftWrites() throws {
        let lists: [[Int]] = [[], [0, 1], [3, 10, 4, 1, 40, 25], [31, 31, 32, 32, 1_000, 5, 1_023, 1, 1_024, 2, 70_000, 3, 9_999_999, 255]]
        let script = TestSite.repoRoot.appendingPathComponent("Templates/assets/search.js").path
        let encoded = lists.map { JSONValue.string(SearchIndex.encode($0)) }
        let program = """
        const s = require(\(Escape.jsonString(script)));
        console.log(JSON.stringify(\(JSONValue.array(encoded).serialized).map(x => Array.from(s.decode(x)))));
        """
        let decoded = try #require(try JSONSerialization.jsonObject(with: try Node.run(program).output) as? [[Int]])
        #expect(decoded == lists)
        #expect(SearchIndex.encode([3, 10, 4, 1]).count == 4) // two bytes a posting for small gaps
    }

    /// Ranking: only posts with every token, scores added, best first (ties: older number
    /// first); long lists are cut to the posts that can reach the first hundred.
    @Test func theScriptRanksPostsWithEveryToken() throws {
        let script = TestSite.repoRoot.appendingPathComponent("Templates/assets/search.js").path
        let long = (0..<500).flatMap { [$0, $0 % 7] }
        let program = """
        const s = require(\(Escape.jsonString(script)));
        const long = s.rank([\(long)]);
        console.log(JSON.stringify([s.rank([[1, 5, 2, 3, 3, 1], [2, 1, 3, 1, 9, 9]]), long.length, long[0], long[long.length - 1]]));
        """
        let output = try #require(try JSONSerialization.jsonObject(with: try Node.run(program).output) as? [Any])
        #expect(output[0] as? [[Int]] == [[2, 4], [3, 2]])
        #expect((output[1] as? Int).map { $0 >= 100 && $0 < 200 } == true) // the sixes, then the fives
        #expect(output[2] as? [Int] == [6, 6])
        #expect(output[3] as? [Int] == [495, 5])
    }

    /// A token in most posts is stored as a bitmap with the posts where it is prominent
    /// listed; the script reads it back to the same posts in the same order as exact
    /// scores would give (title matches first, then the rest by post number).
    @Test func commonTokensAreStoredAsBitmapsAndRankedAlike() throws {
        let count = 300
        let inTitle = { (i: Int) in i % 50 == 7 }, inText = { (i: Int) in i % 3 != 0 }
        let documents = (0..<count).map { i in
            SearchIndex.Document(title: inTitle(i) ? "見積もりの話 \(i)" : "記事 \(i)", url: "/p/\(i)/", date: "", dateISO: "", tags: [],
                                 text: inText(i) ? "見積もりを出しました。" : "ほかの話です。")
        }
        let files = SearchIndex.indexFiles(documents)
        let manifest = try #require(files.first { $0.path == "search/index.json" }?.contents)
        let shards = try #require((try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])?["shards"] as? Int)
        let shard = try #require(files.first { $0.path == "search/s/\(SearchTokenizer.shard(of: "見積", shards: shards)).json" }?.contents)
        #expect(shard.contains("\"見積\":[\""), "stored as a bitmap")
        let script = TestSite.repoRoot.appendingPathComponent("Templates/assets/search.js").path
        let program = """
        const s = require(\(Escape.jsonString(script)));
        const shard = \(shard);
        console.log(JSON.stringify(s.rank([s.decodePostings(shard["見積"], \(count))], \(count)).map(e => e[0])));
        """
        let ranked = try #require(try JSONSerialization.jsonObject(with: try Node.run(program).output) as? [Int])
        let score = { (i: Int) in (inTitle(i) ? 20 : 0) + (inText(i) ? 1 : 0) }
        let expected = (0..<count).filter { score($0) > 0 }.sorted { score($0) != score($1) ? score($0) > score($1) : $0 < $1 }
        // The six title matches, then the first hundred of the rest (all the search looks at).
        #expect(ranked == Array(expected.prefix(6 + 100)))
    }

    /// Snippets: the text around the first match with every match marked, escaped, and
    /// no character written as two UTF-16 units cut in half at the window's edges.
    @Test func theScriptMarksMatchesInSnippets() throws {
        let script = TestSite.repoRoot.appendingPathComponent("Templates/assets/search.js").path
        let program = """
        const s = require(\(Escape.jsonString(script)));
        const t = "前置き".repeat(30) + "クラウドソーシングで<受けた>仕事。ソーシング" + "後".repeat(100);
        const g = "𠮷".repeat(50) + "野家の話" + "𠮷".repeat(80);
        const w = "ＳＥＯの話";
        console.log(JSON.stringify([t, g, w].map((x, i) => s.snippet(x, s.normalize(x), [["ソーシング"], ["野家"], ["seo"]][i]))));
        """
        let output = try #require(try JSONSerialization.jsonObject(with: try Node.run(program).output) as? [String])
        #expect(output[0].hasPrefix("…前置き") && output[0].hasSuffix("後…"))
        #expect(output[0].contains("クラウド<mark>ソーシング</mark>で&lt;受けた&gt;仕事。<mark>ソーシング</mark>後"))
        let visible = output[0].replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        #expect(visible.count == 110 + 2) // a window of 110 characters, an ellipsis at each end
        let plain = output[1].replacingOccurrences(of: "<mark>野家</mark>", with: "").replacingOccurrences(of: "…", with: "")
        #expect(output[1].contains("<mark>野家</mark>の話"))
        #expect(Set(plain).isSubset(of: ["𠮷", "の", "話"]), "\(output[1])")
        #expect(output[2] == "<mark>ＳＥＯ</mark>の話") // full-width letters: matched folded, shown as written
    }

    /// The browser must cut queries exactly as the build cut the posts.
    @Test func theScriptTokenizesLikeSwift() throws {
        let samples = ["クラウドソーシング", "作業環境の整え方", "ＳＥＯとｶｰﾄﾞ", "Escrow protects BOTH sides", "プレミアム・プラン",
                       "e\u{301}té déjà", "々〆〇と𠮷野家", "한국어 텍스트", "2026年11月の案件"]
        let script = TestSite.repoRoot.appendingPathComponent("Templates/assets/search.js").path
        let program = """
        const s = require(\(Escape.jsonString(script)));
        const samples = \(JSONValue.array(samples.map { .string($0) }).serialized);
        console.log(JSON.stringify(samples.map(x => { const t = s.tokens(s.normalize(x)); return [t, t.map(k => s.shardOf(k, 64))]; })));
        """
        let output = try Node.run(program).output
        let fromJS = try #require(try JSONSerialization.jsonObject(with: output) as? [[Any]])
        for (sample, js) in zip(samples, fromJS) {
            let tokens = SearchTokenizer.tokens(sample)
            #expect(js[0] as? [String] == tokens, "\(sample)")
            #expect(js[1] as? [Int] == tokens.map { SearchTokenizer.shard(of: $0, shards: 64) }, "\(sample)")
        }
    }
}

/// Types a query into the built site's search page in headless Chromium (through
/// `?q=`, which fills the box and runs the same search as typing) and reads the results.
extension LiveProcessTests {
@Suite struct SearchInBrowserTests {
    func results(_ site: TestSite, _ query: String) throws -> (status: String, titles: [String], snippet: String) {
        let server = try LocalHTTPServer(serving: site.output, readyPath: "/search/index.json")
        defer { server.stop() }
        let dom = try HeadlessChromium.dumpDOM("http://127.0.0.1:\(server.port)/search/?q=" + URLPath.encodeComponent(query))
        let status = dom.between("id=\"search-status\" role=\"status\" aria-live=\"polite\">", "<") ?? ""
        let titles = dom.components(separatedBy: "<li class=\"search__result\"><a href=\"").dropFirst().compactMap { $0.between("\">", "</a>") }
        return (status, titles, dom.between("</time><p>", "</p>") ?? "")
    }

    @Test func findsJapaneseSubstringsExactly() throws {
        let site = try TestSite()
        try site.post("a", title: "発注のこと", body: "クラウドソーシングで受けた仕事の話です。")
        try site.post("b", title: "プランの説明", date: "2026-01-11", body: "プレミアムプランの説明文を書きました。")
        try site.post("c", title: "机の話", date: "2026-01-12", body: "今日は作業環境を整えました。")
        try site.post("d", title: "紛らわしい", date: "2026-01-13", body: "作業環のことと、業環境のこと。") // every bigram of 作業環境, but not the phrase
        try site.post("e", title: "カードの話", date: "2026-01-14", body: "名刺カードを作りました。")
        try site.build()

        let sourcing = try results(site, "ソーシング")
        #expect(sourcing.titles == ["発注のこと"])
        #expect(sourcing.snippet == "クラウド<mark>ソーシング</mark>で受けた仕事の話です。")
        #expect(try results(site, "レミア").titles == ["プランの説明"])   // from inside a word
        let exact = try results(site, "作業環境")
        #expect(exact.titles == ["机の話"])                             // no false positive from post d
        #expect(exact.status == "1件の記事が見つかりました")
        let dakuten = try results(site, "ガード")
        #expect(dakuten.titles.isEmpty)                                 // カード is not ガード
        #expect(dakuten.status == "見つかりませんでした")
    }

    /// A page of the test's own opens `/search/` in a frame and types into its search box
    /// one character at a time, with the `input` events a keyboard sends, then copies
    /// what the search page shows into its own DOM for Chromium to dump.
    static let typingPage = """
    <!DOCTYPE html><html><head><meta charset="utf-8"></head><body><iframe id="f" src="/search/"></iframe><pre id="out"></pre>
    <script>
    const query = decodeURIComponent(location.hash.slice(1));
    const frame = document.getElementById("f");
    const pause = (ms) => new Promise((done) => setTimeout(done, ms));
    frame.addEventListener("load", async () => {
      const page = frame.contentDocument;
      const input = page.getElementById("search-input");
      input.focus();
      for (const character of query) {
        input.value += character;
        input.dispatchEvent(new InputEvent("input", { bubbles: true, data: character, inputType: "insertText" }));
        await pause(40);
      }
      const list = page.getElementById("search-results");
      for (let waited = 0; !list.dataset.ms && waited < 5000; waited += 20) await pause(20);
      const titles = Array.from(list.querySelectorAll(".search__result a")).map((a) => a.textContent);
      document.getElementById("out").textContent = "RESULT" + JSON.stringify(titles) + "END";
    });
    </script></body></html>
    """

    @Test func typingIntoTheSearchBoxFindsThePost() throws {
        let site = try TestSite()
        try site.post("a", title: "発注のこと", body: "クラウドソーシングで受けた仕事の話です。")
        try site.post("b", title: "机の話", date: "2026-01-12", body: "今日は作業環境を整えました。")
        try site.post("c", title: "英語の話", date: "2026-01-13", body: "Escrow protects both sides.")
        try site.build()
        try Data(Self.typingPage.utf8).write(to: site.output.appendingPathComponent("typing.html"))
        let server = try LocalHTTPServer(serving: site.output, readyPath: "/search/index.json")
        defer { server.stop() }
        for (query, expected) in [("ソーシング", ["発注のこと"]), ("作業環境", ["机の話"]), ("escrow", ["英語の話"])] {
            let dom = try HeadlessChromium.dumpDOM("http://127.0.0.1:\(server.port)/typing.html#" + URLPath.encodeComponent(query))
            let json = try #require(dom.between("RESULT", "END"), "no result for \(query)")
            let titles = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
            #expect(titles == expected, "\(query)")
        }
    }
}
}

@Suite struct SearchIndexUpdateTests {
    /// Random posts, then random edits to a few of them: the shards `updatedIndex` changes
    /// equal a whole rebuild's, and the shards it leaves alone are the rebuild's too.
    @Test func updatingShardsEqualsRebuildingTheIndex() throws {
        var random = SeededRandom(seed: 11)
        let words = ["納期", "仮払い", "エスクロー", "見積もり", "修正", "escrow", "deadline", "brief", "クライアント", "翻訳",
                     "ライティング", "invoice", "契約", "報酬", "相談", "プレミアム", "カード", "ガード"]
        func text() -> String {
            (0..<Int(random.next() % 40 + 5)).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: "、")
        }
        var documents = (0..<300).map { n in
            SearchIndex.Document(title: "記事 \(n) " + words[n % words.count], url: "/p/\(n)/", date: "", dateISO: "",
                                 tags: [words[(n * 7) % words.count]], text: text())
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func build(_ documents: [SearchIndex.Document]) throws -> [String: String] {
            let tokens = SearchIndex.tokenCache(file: folder.appendingPathComponent("search.pack"))
            let cache = SearchIndexCache(folder: folder)
            let keys = documents.map(Self.key)
            let files = Mutex<[String: String]>([:])
            let built = try SearchIndex.buildIndex(documents, keys: keys, cache: tokens, shards: cache) { path, contents in
                files.withLock { $0[path] = contents }
            }
            cache.record(shardKeys: built.shardKeys, keys: keys, tokenCounts: built.tokenCounts)
            tokens.keep(keys)
            tokens.save()
            cache.save()
            return files.withLock { $0 }
        }
        var before = try build(documents)
        for round in 0..<4 {
            for _ in 0..<(round + 1) {
                let n = Int(random.next() % UInt64(documents.count))
                documents[n] = SearchIndex.Document(title: documents[n].title + (round == 2 ? " 改題" : ""), url: documents[n].url, date: "",
                                                    dateISO: "", tags: documents[n].tags, text: text())
            }
            let tokens = SearchIndex.tokenCache(file: folder.appendingPathComponent("search.pack"))
            let cache = SearchIndexCache(folder: folder)
            let keys = documents.map(Self.key)
            let update = try #require(SearchIndex.updatedIndex(documents, keys: keys, tokens: tokens, cache: cache), "round \(round)")
            cache.record(shardKeys: update.shards.map { $0.map(cache.store) }, keys: keys, tokenCounts: update.tokenCounts)
            tokens.keep(keys)
            tokens.save()
            cache.save()
            let rebuilt = Dictionary(uniqueKeysWithValues: SearchIndex.indexFiles(documents).map { ($0.path, $0.contents) })
            #expect(!update.changed.isEmpty)
            for file in update.files { #expect(rebuilt[file.path] == file.contents, "round \(round): \(file.path)") }
            for (path, contents) in rebuilt where !update.files.contains(where: { $0.path == path }) {
                #expect(before[path] == contents, "round \(round): \(path) should not have changed")
            }
            before = rebuilt
        }
    }
}

extension SearchIndexUpdateTests {
    /// A document's token-cache key in these tests: everything it holds.
    static func key(_ document: SearchIndex.Document) -> UInt64 {
        var hasher = StableHasher()
        for field in [document.title, document.url, document.date, document.dateISO, document.text] + document.tags { hasher.combine(field) }
        hasher.combine(document.tags.count)
        return hasher.value
    }
}
