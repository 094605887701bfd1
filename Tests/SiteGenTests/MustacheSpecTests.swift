import Testing
@testable import SiteGen

/// The Mustache spec's rules, case by case, on the engine alone (`MustacheParser` and
/// `TemplateRenderer`): interpolation and escaping, dotted names, sections, standalone
/// lines, comments, partials and their indentation, delimiters, inheritance.
@Suite struct MustacheSpecTests {
    func render(_ template: String, _ data: [String: Any] = [:], partials: [String: String] = [:]) throws -> String {
        var templates: [String: CompiledTemplate] = ["main": try MustacheParser.parse(template).template]
        for (name, text) in partials { templates[name] = try MustacheParser.parse(text).template }
        return String(decoding: TemplateRenderer(templates: templates).render("main", TemplateValue(data)) ?? [], as: UTF8.self)
    }

    @Test func interpolationEscapesOnlyWhereAsked() throws {
        let data: [String: Any] = ["v": "<&\"'>", "n": 3, "on": true]
        #expect(try render("{{v}} {{{v}}} {{&v}} {{ v }} {{n}} {{on}}", data) == "&lt;&amp;&quot;&#39;&gt; <&\"'> <&\"'> &lt;&amp;&quot;&#39;&gt; 3 true")
    }

    @Test func dottedNamesAndTheStack() throws {
        let data: [String: Any] = ["a": ["b": ["c": "深い"]], "title": "上", "list": [["name": "一"], ["title": "自分"]]]
        #expect(try render("{{a.b.c}}|{{a.x}}|{{z}}|{{#a}}{{b.c}}{{/a}}", data) == "深い|||深い")
        #expect(try render("{{#list}}[{{name}}{{title}}]{{/list}}", data) == "[一上][自分]")
        #expect(try render("{{#list}}{{.title}},{{/list}}", data) == ",自分,") // `.name` looks only in the current value
        #expect(try render("{{#items}}<{{.}}>{{/items}}", ["items": ["x", "y"]]) == "<x><y>")
    }

    @Test func sectionsAndInvertedSections() throws {
        let data: [String: Any] = ["on": true, "off": false, "empty": [Any](), "list": ["a"]]
        #expect(try render("{{#on}}1{{/on}}{{#off}}2{{/off}}{{^off}}3{{/off}}{{^empty}}4{{/empty}}{{^missing}}5{{/missing}}{{^list}}6{{/list}}", data)
            == "1345")
    }

    @Test func standaloneLinesAreRemovedInlineTagsKeepTheirLine() throws {
        #expect(try render("begin\n  {{#on}}\n  yes\n  {{/on}}\nend\n", ["on": true]) == "begin\n  yes\nend\n")
        #expect(try render(" {{#on}}YES{{/on}}\n {{#on}}GOOD{{/on}}\n", ["on": true]) == " YES\n GOOD\n")
        #expect(try render("a\n{{!\nnote over\nlines\n}}\nb\n") == "a\nb\n")
        #expect(try render("|\r\n{{#on}}\r\n{{/on}}\r\n|", ["on": true]) == "|\r\n|")
        #expect(try render("  {{#on}}\n#{{/on}}\n/", ["on": true]) == "#\n/") // no line before
        #expect(try render("#{{#on}}\n/\n  {{/on}}", ["on": true]) == "#\n/\n") // no newline after
        // Two section tags on a line are not a standalone line: the line stays.
        #expect(try render("  {{#on}}{{/on}}\nx", ["on": true]) == "  \nx")
    }

    @Test func standalonePartialsIndentEveryLineTheyWrite() throws {
        let partials = ["p": "[\n{{{v}}}\n]\n", "outer": "o\n  {{>inner}}\n", "inner": "i1\ni2\n", "empty": ""]
        // A value's own newlines are not indented.
        #expect(try render("> \n  {{>p}}\n<", ["v": "x\ny"], partials: partials) == "> \n  [\n  x\ny\n  ]\n<")
        #expect(try render("  {{>outer}}", partials: partials) == "  o\n    i1\n    i2\n")
        #expect(try render("a\n  {{>empty}}\nb", partials: partials) == "a\nb")
        #expect(try render("a {{>inner}}b", partials: partials) == "a i1\ni2\nb") // inline: no indentation
        #expect(try render("{{>missing}}x") == "x")
    }

    @Test func delimitersChange() throws {
        #expect(try render("{{=<% %>=}}<% v %> {{v}}<%={{ }}=%> {{v}}", ["v": 1]) == "1 {{v}} 1")
        #expect(try render("a\n  {{=| |=}}\n|v|\n", ["v": "x"]) == "a\nx\n")
    }

    @Test func inheritanceFillsBlocksTheOutermostWins() throws {
        let partials = [
            "base": "<title>{{$title}}無題{{/title}}</title>|{{$body}}本文{{/body}}",
            "middle": "{{<base}}{{$title}}中{{/title}}{{$body}}中の本文{{/body}}{{/base}}",
        ]
        #expect(try render("{{<base}}{{/base}}", partials: partials) == "<title>無題</title>|本文")
        #expect(try render("{{<base}}ignored {{$title}}外{{/title}}{{/base}}", partials: partials) == "<title>外</title>|本文")
        #expect(try render("{{<middle}}{{$title}}外{{/title}}{{/middle}}", partials: partials) == "<title>外</title>|中の本文")
        #expect(try render("{{$solo}}default {{v}}{{/solo}}", ["v": "<b>"]) == "default &lt;b&gt;")
        // A block's content is read in the stack where the block is written.
        #expect(try render("{{<p}}{{$b}}{{name}}{{/b}}{{/p}}", ["name": "外"], partials: ["p": "{{#inner}}{{$b}}{{/b}}{{/inner}}"]).isEmpty)
        #expect(try render("{{<p}}{{$b}}{{name}}{{/b}}{{/p}}", ["name": "外", "inner": ["name": "内"]],
                           partials: ["p": "{{#inner}}{{$b}}{{/b}}{{/inner}}"]) == "内")
    }

    @Test func blocksAreReindentedForThePlaceTheyFill() throws {
        let parent = "<ul>\n  {{$items}}\n  <li>なし</li>\n  {{/items}}\n</ul>\n"
        let expected = "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"
        // The place's indentation comes from its default content; the block's own is taken off.
        #expect(try render("{{<parent}}\n{{$items}}\n<li>a</li>\n<li>b</li>\n{{/items}}\n{{/parent}}\n", partials: ["parent": parent]) == expected)
        #expect(try render("{{<parent}}{{$items}}\n      <li>a</li>\n      <li>b</li>\n{{/items}}{{/parent}}\n", partials: ["parent": parent]) == expected)
        #expect(try render("{{<parent}}{{/parent}}", partials: ["parent": parent]) == "<ul>\n  <li>なし</li>\n</ul>\n")
        // The place has no default: the tag's indentation.
        #expect(try render("{{<p}}{{$b}}\none\ntwo\n{{/b}}{{/p}}", partials: ["p": "x\n    {{$b}}\n    {{/b}}\n"]) == "x\n    one\n    two\n")
        // An inline place: its later lines follow the white space before it.
        #expect(try render("{{<p}}{{$b}}\none\ntwo{{/b}}\n{{/p}}", partials: ["p": "x\n  {{$b}}{{/b}}\n"]) == "x\n  one\n  two\n")
        // A parent standing alone indents what it writes, like a partial.
        #expect(try render("Hi\n  {{<p}}{{/p}}\n", partials: ["p": "1\n2\n"]) == "Hi\n  1\n  2\n")
    }
}
