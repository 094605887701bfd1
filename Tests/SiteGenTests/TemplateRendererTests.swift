import Foundation
import Testing
@testable import SiteGen

/// The typed renderer (`CompiledTemplate`) must write exactly what swift-mustache writes.
@Suite struct TemplateRendererTests {
    func build(_ source: URL, engine: Theme.Engine, into output: URL) throws {
        var options = BuildOptions(source: source, output: output, content: ContentOptions(now: TestSite.now), clean: true)
        options.templateEngine = engine
        _ = try Builder.build(options)
    }

    func files(under folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            result[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return result
    }

    /// A theme of the given templates and UI strings, loaded for each renderer.
    func themes(_ templates: [String: String], strings: String) throws -> (typed: Theme, reference: Theme) {
        let site = try TestSite(theme: false)
        for (name, text) in templates { try site.write("Templates/\(name).mustache", text) }
        try site.write("Templates/strings/ja.yml", strings)
        return (try Theme.load(root: site.root.path, language: .ja, io: .disk, engine: .compiled),
                try Theme.load(root: site.root.path, language: .ja, io: .disk, engine: .swiftMustache))
    }

    /// The partials and parents a template names, with their lines: what the theme check
    /// reports as missing.
    @Test func templateReferencesAreFoundWithTheirLines() {
        let text = "<p>{{title}}</p>\n{{> partials/head }}{{>partials/nav}}\n\n  {{< base}}{{$body}}x{{/body}}{{/base}}\n"
            + "{{{raw}}} {{#list}}{{> partials/card}}{{/list}}\n{{> broken\n}} {{>   }} {{> *dynamic}} {{ > spaced }}"
        let found = Theme.references(in: text).map { "\($0.name)@\($0.line)" }
        #expect(found == ["partials/head@2", "partials/nav@2", "base@4", "partials/card@5", "spaced@7"])
    }

    /// Objects are kept in key order: one made from pairs (later pairs win, in any order and
    /// with repeats), and one merged from two (the second's values win), must hold what a
    /// dictionary of the same pairs holds, and in the same order as building from all the pairs.
    @Test func objectsHoldWhatADictionaryOfTheirPairsHolds() {
        var random = SeededRandom(seed: 7)
        let names = ["title", "url", "date", "tags", "仮払い", "summary", "a", "b", "hasTags", "cardHTML", "page", "site"]
        func pairs() -> [(String, TemplateValue)] {
            (0..<Int.random(in: 0...40, using: &random)).map { n in
                (names.randomElement(using: &random)!, .text("\(n)"))
            }
        }
        func texts(_ object: TemplateObject) -> [String] {
            object.pairs.map { key, value in if case .text(let text) = value { return key + "=" + text } else { return key } }
        }
        for _ in 0..<500 {
            let (first, second) = (pairs(), pairs())
            let made = TemplateObject(first)
            let expected = Dictionary(first, uniquingKeysWith: { _, later in later })
            #expect(made.count == expected.count)
            for (key, value) in expected {
                guard case .text(let text)? = made[key], case .text(let wanted) = value else { Issue.record("no \(key)"); continue }
                #expect(text == wanted)
            }
            #expect(texts(made.merging(TemplateObject(second))) == texts(TemplateObject(first + second)))
        }
    }

    /// Each thread renders from copies of its own: equal values, in storage no other thread shares,
    /// made once per thread; a new set of values is copied again.
    @Test func eachThreadReadsItsOwnCopy() throws {
        let value = TemplateValue(["title": "案件の記録とエスクロー払いの話", "tags": ["納期", "仮払い"], "draft": false] as [String: Any])
        let copies = Counter()
        let shared = PerThread(value, slot: "test") { copies.add(); return $0.copy }
        func storage(_ value: TemplateValue) -> UInt? {
            guard case .text(var title)? = value["title"] else { return nil }
            return title.withUTF8 { UInt(bitPattern: $0.baseAddress) }
        }
        let mine = shared.value
        #expect(storage(shared.value) == storage(mine)) // the same copy on the same thread
        let other = Parallel.pair({ shared.value }, { shared.value }).1 // another thread
        for copy in [mine, other] {
            var original = StableHasher(), copied = StableHasher()
            value.combine(into: &original)
            copy.combine(into: &copied)
            #expect(original.value == copied.value)
            #expect(storage(copy) != storage(value))
        }
        #expect(storage(mine) != storage(other))
        #expect(copies.count == 2)
        let renewed = PerThread(value, slot: "test") { $0.copy }
        #expect(storage(renewed.value) != storage(mine))
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    @Test func theDefaultThemeIsRenderedByTheTypedRenderer() throws {
        let theme = try Theme.load(root: TestSite.repoRoot.path, language: .ja)
        #expect(theme.renderer != nil)
    }

    /// Every page, feed and index of the sample site (every layout and partial, ads,
    /// services, contact, pagination), byte for byte.
    @Test func theSampleSiteIsTheSameWithEitherRenderer() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-engines-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try build(TestSite.repoRoot, engine: .compiled, into: base.appendingPathComponent("typed"))
        try build(TestSite.repoRoot, engine: .swiftMustache, into: base.appendingPathComponent("reference"))
        let typed = try files(under: base.appendingPathComponent("typed"))
        let reference = try files(under: base.appendingPathComponent("reference"))
        #expect(typed.count > 30)
        #expect(Set(typed.keys) == Set(reference.keys))
        for (path, data) in reference {
            #expect(typed[path] == data, "\(path) differs")
        }
    }

    /// Whitespace and lookup rules on a theme of their own: indented partials (nested,
    /// with multi-line values), standalone tags, inheritance with blocks, dotted names,
    /// `.`, inverted sections, lists of scalars, escaping, names found further up the stack.
    @Test func mustacheRulesMatchSwiftMustache() throws {
        let templates: [String: String] = [
            "layouts/base": "<html>\n  <head>\n    {{> partials/head}}\n  </head>\n{{$main}}default main{{/main}}\n  {{$aside}}\n  <aside>{{site.title}}</aside>\n  {{/aside}}\n</html>\n",
            "layouts/post": "{{<base}}\n{{$main}}\n  <h1>{{title}}</h1>\n  {{#tags}}\n    <a>{{name}} of {{title}}</a>\n  {{/tags}}\n  {{^tags}}none{{/tags}}\n  {{#empty}}never{{/empty}}{{^empty}}empty list{{/empty}}\n  {{#items}}[{{.}}]{{/items}}\n  {{#flag}}on{{/flag}}{{^flag}}off{{/flag}} {{count}} {{{raw}}} {{&raw}}\n  {{#nested}}{{inner.deep}} {{.missing}} {{title}}{{/nested}}\n    {{> partials/list}}\n{{/main}}\n{{/base}}\n",
            "partials/head": "<title>{{title}}</title>\n{{#hasTags}}\n<meta name=\"k\" content=\"{{#tags}}{{name}},{{/tags}}\">\n{{/hasTags}}\n{{! a comment }}\n",
            "partials/list": "<ul>\n  {{#tags}}\n  <li>{{name}}</li>\n  {{> partials/item}}\n  {{/tags}}\n</ul>\nmulti: {{multi}}\n",
            "partials/item": "<i>{{name}}</i>\n<b>{{title}}</b>\n",
        ]
        let (typed, reference) = try themes(templates, strings: "read_more: 続きを読む\n")
        let context: [String: Any] = [
            "title": "<T&\"'>",
            "site": ["title": "サイト"],
            "tags": [["name": "タグ1"], ["name": "a<b"]],
            "hasTags": true,
            "empty": [Any](),
            "items": ["x", "y", 3],
            "flag": false,
            "count": 42,
            "raw": "<em>raw</em>",
            "nested": ["inner": ["deep": "深い"]],
            "multi": "line one\nline two",
        ]
        #expect(typed.renderer != nil)
        let typedHTML = String(decoding: typed.render("post", context), as: UTF8.self)
        let referenceHTML = String(decoding: reference.render("post", context), as: UTF8.self)
        #expect(typedHTML == referenceHTML)
        #expect(typedHTML.contains("&lt;T&amp;&quot;&#39;&gt;"))
        #expect(typedHTML.contains("    <b>&lt;T&amp;&quot;&#39;&gt;</b>")) // a name found further up the stack, indented twice
    }

    /// Partials written from the memo (`PartialMemo`) are what rendering them writes: pages
    /// sharing the site's values, names that fall through a partial's own frames to the
    /// page's (a nav item without a title, an author without an avatar), a partial inside a
    /// section, one reading `{{.}}` of the including frame, new site values, a block.
    @Test func partialsKeptForSharedValuesAreWhatRenderingWrites() throws {
        let templates: [String: String] = [
            "layouts/page": "{{> partials/header}}\n{{#post}}{{> partials/byline}}{{/post}}\n{{#items}}{{> partials/self}}{{/items}}\n{{> partials/footer}}\n{{> partials/blocky}}\n",
            "partials/header": "<h1>{{site.title}}</h1>{{#site.nav}}<a href=\"{{url}}\">{{title}}</a>{{/site.nav}}"
                + "{{#site.author}}{{#avatar}}<img src=\"{{avatar}}\">{{/avatar}}{{name}}{{/site.author}}",
            "partials/byline": "by {{name}} on {{site.title}}",
            "partials/self": "[{{.}}]",
            "partials/footer": "<footer>© {{site.title}} {{t.feed}}{{#site.nav}}{{url}} {{/site.nav}}</footer>",
            "partials/blocky": "{{$note}}default note{{/note}}",
        ]
        let (typed, reference) = try themes(templates, strings: "feed: フィード\n")
        let renderer = try #require(typed.renderer)
        func siteValues(_ title: String) -> [String: Any] {
            ["title": title, "nav": [["url": "/a/", "title": "記事"], ["url": "/b/"]], "author": ["name": "筆者"]]
        }
        let shared = siteValues("仮払いの話"), sharedValue = TemplateValue(shared), other = siteValues("別のサイト")
        let t: [String: Any] = ["feed": "フィード"], tValue = TemplateValue(t)
        let pages: [(site: [String: Any], typedSite: TemplateValue, page: [String: Any])] = [
            (shared, sharedValue, ["title": "一", "post": ["name": "甲"], "items": ["x", "y"]]),
            (shared, sharedValue, ["title": "一", "post": ["name": "乙"], "items": ["z"]]),
            (shared, sharedValue, ["title": "三", "avatar": "/me.png", "name": "ページ", "post": ["other": 1], "items": [String]()]),
            (other, TemplateValue(other), ["title": "四", "post": ["name": "丙"], "items": ["x"]]),
            (shared, sharedValue, ["title": "一", "post": ["name": "甲"], "items": ["x", "y"]]),
            (shared, sharedValue, ["title": "五", "post": ["name": "丁"], "items": ["w"]]),
        ]
        let before = renderer.partialsReusedOnThisThread
        for (number, page) in pages.enumerated() {
            let typedHTML = String(decoding: typed.render("page", page.page.merging(["site": page.typedSite, "t": tValue]) { a, _ in a }), as: UTF8.self)
            let referenceHTML = String(decoding: reference.render("page", page.page.merging(["site": page.site, "t": t]) { a, _ in a }), as: UTF8.self)
            #expect(typedHTML == referenceHTML, "page \(number + 1)")
        }
        // Kept and written again: the footer (it reads only `site` and `t`) on pages 2, 3 and 6 (5
        // follows 4's other site); the header, which reads the page's title too (through the nav
        // item without one), on page 2, which has the same title, then given up after three misses.
        #expect(renderer.partialsReusedOnThisThread - before == 4)
        let third = String(decoding: typed.render("page", pages[2].page.merging(["site": sharedValue, "t": tValue]) { a, _ in a }), as: UTF8.self)
        #expect(third.contains("<img src=\"/me.png\">筆者") && third.contains("by ページ on 仮払いの話"))
    }

    /// A theme using what only swift-mustache renders (here a transform) is rendered by it.
    @Test func themesWithTransformsFallBackToSwiftMustache() throws {
        let site = try TestSite(theme: false)
        try site.write("Templates/layouts/post.mustache", "{{uppercased(title)}}\n")
        try site.write("Templates/strings/ja.yml", "read_more: 続きを読む\n")
        let theme = try Theme.load(root: site.root.path, language: .ja, io: .disk, engine: .compiled)
        #expect(theme.renderer == nil)
        #expect(String(decoding: theme.render("post", ["title": "abc"]), as: UTF8.self) == "ABC\n")
    }
}
