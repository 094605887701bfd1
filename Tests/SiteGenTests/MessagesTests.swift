import Foundation
import Testing
@testable import SiteGen
import SiteServer

/// What sitegen says comes from two string files, messages.en.yml and messages.ja.yml: they
/// must hold the same keys with the same placeholders, every key the code uses must be in
/// them, and a Japanese site must get its errors, hints and summaries in Japanese.
@Suite struct MessagesTests {
    static func placeholders(_ template: String) -> Set<String> {
        var names = Set<String>()
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            // `{{#section}}` in a hint about templates is text, not a placeholder.
            if !inside.hasPrefix("{"), let name = inside.split(separator: "|").first { names.insert(String(name)) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    @Test func theTwoFilesHoldTheSameKeysAndPlaceholders() {
        let en = Messages.table(.en), ja = Messages.table(.ja)
        #expect(en.count > 150)
        #expect(Set(en.keys).subtracting(ja.keys).sorted() == [], "keys missing from messages.ja.yml")
        #expect(Set(ja.keys).subtracting(en.keys).sorted() == [], "keys missing from messages.en.yml")
        for (key, english) in en {
            guard let japanese = ja[key] else { continue }
            #expect(Self.placeholders(english) == Self.placeholders(japanese), "\(key): \(english) / \(japanese)")
        }
        // Japanese text is Japanese: no English sentence left untranslated (a few keys are
        // punctuation or a pass-through of a value).
        let untranslated = ja.filter { key, text in
            text == en[key] && !["file.failed", "key.problem", "list.separator", "sentence.end"].contains(key)
        }
        #expect(untranslated.keys.sorted() == [])
    }

    /// Every `Message("key"` in the code names a key of the English file (a typo would show
    /// the bare key to a user).
    @Test func everyKeyTheCodeUsesIsInTheFiles() throws {
        let sources = TestSite.repoRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        let keyLiteral = try Regex(#""([a-z][a-z_]*(?:\.[a-z_]+)+)""#)
        var used = Set<String>()
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") where line.contains("Message(") {
                for match in line.matches(of: keyLiteral) { used.insert(String(match.output[1].substring!)) }
            }
        }
        #expect(used.count > 120)
        let english = Messages.table(.en)
        #expect(used.filter { english[$0] == nil }.sorted() == [])
    }

    @Test func placeholdersCountsAndPhrasesAreFilled() {
        let en = Messages(.en), ja = Messages(.ja)
        #expect(en(Message("check.summary", ["errors": 1, "warnings": 3])) == "1 error, 3 warnings")
        #expect(ja(Message("check.summary", ["errors": 1, "warnings": 3])) == "エラー1件、警告3件")
        let claim = Message("claim.duplicate", ["what": Message("claim.alias", ["alias": "/old/"]), "path": "/a/", "first": "Content/posts/a.md"])
        #expect(en(claim) == "the alias `/old/` writes /a/, which Content/posts/a.md writes too")
        #expect(ja(claim) == "別名 `/old/`の書き出し先 /a/ は、Content/posts/a.md と重なっています")
        // A key no file has shows as itself rather than vanishing.
        #expect(ja(Message("no.such.key")) == "no.such.key")
    }

    /// The same mistake, on a Japanese and on an English site, through the binary: the
    /// message, its hint and the summary in the site's language; `error:` stays for editors.
    @Test func aJapaneseSiteIsToldInJapanese() throws {
        let binary = TestSite.repoRoot.appendingPathComponent(".build/debug/sitegen")
        func build(_ site: TestSite) throws -> String {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["build", "--source", site.root.path, "--output", site.output.path]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = Pipe()
            try process.run()
            let data = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 1)
            return String(decoding: data, as: UTF8.self)
        }
        let japanese = try TestSite()
        try japanese.write("Content/posts/no-date.md", "---\ntitle: 日付のない記事\n---\n本文。\n")
        try japanese.write("Content/services.yml", "services:\n  - id: seo\n    name: 記事\n    summary: 書きます\n    price:\n      amount: たくさん\n")
        let ja = try build(japanese)
        #expect(ja.contains("Content/posts/no-date.md:1: error: 記事に日付がありません"), "\(ja)")
        #expect(ja.contains("ヒント：フロントマターに `date: 2017-09-18` を足すか"), "\(ja)")
        #expect(ja.contains("services[0] (id: seo) price：`amount` は数値にしてください（`たくさん` が書かれています）"), "\(ja)")
        #expect(ja.contains("ビルドに失敗しました（エラー2件）"), "\(ja)")
        #expect(!ja.contains("the post has no date"))

        let english = try TestSite(config: TestSite.defaultConfig.replacingOccurrences(of: "language: ja", with: "language: en"))
        try english.write("Content/posts/no-date.md", "---\ntitle: No date\n---\nText.\n")
        let en = try build(english)
        #expect(en.contains("Content/posts/no-date.md:1: error: the post has no date"), "\(en)")
        #expect(en.contains("hint: add `date: 2017-09-18` to the front matter"), "\(en)")

        // A broken site.yml still speaks the site's language: it is read from the text.
        try japanese.write("Content/site.yml", "title: テスト\nlanguage: ja\nbase_url: example.com\n")
        let broken = try build(japanese)
        #expect(broken.contains("`example.com` は http(s) で始まる完全な URL ではありません"), "\(broken)")
    }

    @Test func theOverlayIsInTheSiteLanguage() {
        let error = SiteError(file: "Content/posts/a.md", line: 1, Message("post.no_date"))
        let html = LiveReload.errorPage([error], say: Messages(.ja))
        #expect(html.contains("最後のビルドに失敗しました（エラー1件）"))
        #expect(html.contains("記事に日付がありません"))
        #expect(html.contains("ファイルを直して保存すると"))
        #expect(!html.contains("the post has no date"))
        #expect(html.contains("<html lang=\"ja\">"))
    }
}
