import StrataMustache
import Testing

/// Renders `template` (named "test") with `context`; `partials` are the other templates.
private func render(_ template: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
    var templates = partials
    templates["test"] = template
    return try MustacheEngine(templates: templates).render("test", context: context)
}

@Suite struct MustacheRendererTests {
    // MARK: Interpolation

    @Test(arguments: [
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("\"", "&quot;"),
        ("'", "&#39;"),
        ("<a href=\"x\" title='y'>Tom & Jerry</a>", "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"),
        ("&amp; &lt;", "&amp;amp; &amp;lt;"),
        ("héllo — 日本語 🎉 ü", "héllo — 日本語 🎉 ü"),
        ("<é>", "&lt;é&gt;"),
        ("plain text", "plain text"),
        ("", ""),
    ])
    func escaping(input: String, escaped: String) throws {
        #expect(try render("{{value}}", ["value": .string(input)]) == escaped)
    }

    @Test func rawFormsDoNotEscape() throws {
        let context: TemplateValue = ["html": "<b>\"A&B's\"</b>"]
        #expect(try render("{{{html}}}|{{& html}}|{{&html}}|{{{ html }}}", context)
            == "<b>\"A&B's\"</b>|<b>\"A&B's\"</b>|<b>\"A&B's\"</b>|<b>\"A&B's\"</b>")
    }

    @Test func scalarsRenderNaturally() throws {
        let context: TemplateValue = ["i": 85, "d": 1.21, "whole": 2.0, "t": true, "f": false, "n": nil, "list": [1, 2], "object": ["a": 1]]
        #expect(try render("{{i}} {{d}} {{whole}} {{t}} {{f}} [{{n}}] [{{list}}] [{{object}}]", context)
            == "85 1.21 2.0 true false [] [] []")
    }

    @Test func missingNamesRenderEmpty() throws {
        #expect(try render("[{{missing}}] [{{{missing}}}] [{{a.b}}]", ["a": 1]) == "[] [] []")
    }

    @Test func dottedNames() throws {
        let context: TemplateValue = ["a": ["b": ["c": "deep"]], "person": ["name": "Joe"]]
        #expect(try render("{{a.b.c}} {{person.name}} [{{person.age}}] [{{a.b.c.d}}] [{{a.x.c}}]", context) == "deep Joe [] [] []")
    }

    @Test func dottedNameDoesNotFallBackOnceItsFirstPartIsFound() throws {
        // Mustache spec "Dotted Names - Context Precedence": `b` is found in `a`, so `b.c`
        // is missing rather than taken from the outer `b`.
        let context: TemplateValue = ["a": ["b": [:]], "b": ["c": "ERROR"]]
        #expect(try render("{{#a}}[{{b.c}}]{{/a}}", context) == "[]")
    }

    @Test func lookupWalksTheContextStackOutward() throws {
        let context: TemplateValue = ["name": "outer", "title": "T", "inner": ["name": "inner", "deeper": ["x": 1]]]
        #expect(try render("{{name}} {{#inner}}{{name}} {{title}} {{#deeper}}{{name}}/{{title}}/{{x}}{{/deeper}}{{/inner}} {{name}}", context)
            == "outer inner T inner/T/1 outer")
    }

    @Test func nullMemberStopsTheLookup() throws {
        #expect(try render("{{#inner}}[{{name}}]{{/inner}}", ["name": "outer", "inner": ["name": nil]]) == "[]")
    }

    @Test func implicitIterator() throws {
        #expect(try render("{{.}}", "<world>") == "&lt;world&gt;")
        #expect(try render("{{{.}}}", "<world>") == "<world>")
        #expect(try render("{{#list}}({{.}}){{/list}}", ["list": [1, "a", 2.5, true]]) == "(1)(a)(2.5)(true)")
        #expect(try render("{{#list}}({{#.}}{{.}}{{/.}}){{/list}}", ["list": [[1, 2], ["x"]]]) == "(12)(x)")
    }

    @Test func whitespaceAroundNamesIsIgnored() throws {
        #expect(try render("|{{ name }}|{{# on }}y{{/ on }}|{{^ off }}n{{/ off }}|", ["name": "N", "on": true, "off": false]) == "|N|y|n|")
        #expect(try render("{{\n name \n}}", ["name": "N"]) == "N")
    }

    // MARK: Sections

    @Test func sectionOverArrayRendersEachElementAsContext() throws {
        let context: TemplateValue = ["items": [["name": "a"], ["name": "b"], ["other": 1]], "name": "outer"]
        #expect(try render("{{#items}}<{{name}}>{{/items}}", context) == "<a><b><outer>")
    }

    @Test func sectionOverArrayRendersFalseyElementsToo() throws {
        #expect(try render("{{#list}}[{{.}}]{{/list}}", ["list": [false, nil, ""]]) == "[false][][]")
    }

    @Test func sectionOverObjectRendersOnceWithItAsContext() throws {
        #expect(try render("{{#user}}{{name}} ({{role}}){{/user}}", ["user": ["name": "Ada"], "role": "admin"]) == "Ada (admin)")
        #expect(try render("{{#empty}}shown{{/empty}}", ["empty": [:]]) == "shown")
    }

    @Test(arguments: [
        (TemplateValue.bool(true), "[yes:true]"),
        (.bool(false), "[]"),
        (.array([]), "[]"),
        (.null, "[]"),
        (.string(""), "[]"),
        (.string("s"), "[yes:s]"),
        (.int(0), "[yes:0]"),
        (.double(0), "[yes:0.0]"),
    ])
    func sectionTruthiness(value: TemplateValue, expected: String) throws {
        #expect(try render("[{{#v}}yes:{{.}}{{/v}}]", ["v": value]) == expected)
    }

    @Test func missingSectionIsSkipped() throws {
        #expect(try render("[{{#missing}}never{{/missing}}]") == "[]")
        #expect(try render("[{{#a.b}}never{{/a.b}}]", ["a": ["c": true]]) == "[]")
        #expect(try render("[{{#a.b}}yes{{/a.b}}]", ["a": ["b": true]]) == "[yes]")
    }

    @Test func invertedSections() throws {
        let template = "[{{^v}}none{{/v}}]"
        #expect(try render(template, ["v": false]) == "[none]")
        #expect(try render(template, ["v": []]) == "[none]")
        #expect(try render(template, ["v": nil]) == "[none]")
        #expect(try render(template, ["v": ""]) == "[none]")
        #expect(try render(template) == "[none]")
        #expect(try render(template, ["v": true]) == "[]")
        #expect(try render(template, ["v": [1]]) == "[]")
        #expect(try render(template, ["v": ["a": 1]]) == "[]")
        #expect(try render(template, ["v": 0]) == "[]")
    }

    @Test func invertedSectionDoesNotPushItsValue() throws {
        #expect(try render("{{^list}}{{name}}{{/list}}", ["list": [], "name": "n"]) == "n")
    }

    @Test func nestedSections() throws {
        let context: TemplateValue = [
            "groups": [
                ["title": "A", "members": [["name": "x"], ["name": "y"]]],
                ["title": "B", "members": []],
            ],
        ]
        let template = "{{#groups}}{{title}}:{{#members}} {{name}}@{{title}}{{/members}}{{^members}} nobody{{/members}};{{/groups}}"
        #expect(try render(template, context) == "A: x@A y@A;B: nobody;")
    }

    @Test func sameNamedNestedSections() throws {
        #expect(try render("{{#a}}1{{#a}}2{{/a}}3{{/a}}", ["a": true]) == "123")
    }

    // MARK: Comments and partials

    @Test func commentsRenderNothing() throws {
        #expect(try render("a{{! a comment }}b{{!\nmulti\nline }}c{{!}}d", ["! a comment ": "x"]) == "abcd")
    }

    @Test func partialRendersWithTheCurrentContext() throws {
        let partials = ["row": "<li>{{name}} of {{team}}</li>"]
        let context: TemplateValue = ["team": "T", "people": [["name": "a"], ["name": "b"]]]
        #expect(try render("{{#people}}{{> row}}{{/people}}", context, partials: partials)
            == "<li>a of T</li><li>b of T</li>")
    }

    @Test func partialNamesAreFullPaths() throws {
        let partials = ["users/row": "[{{>shared/badge}}]", "shared/badge": "{{name}}"]
        #expect(try render("{{>users/row}}", ["name": "n"], partials: partials) == "[n]")
    }

    @Test func recursivePartialEndsWithItsData() throws {
        let partials = ["node": "{{name}}({{#children}}{{>node}}{{/children}})"]
        let tree: TemplateValue = ["name": "a", "children": [["name": "b", "children": [["name": "c"]]], ["name": "d"]]]
        // `c` and `d` have no `children`, so the lookup finds the parent's: limit by data.
        let bounded: TemplateValue = ["name": "a", "children": [["name": "b", "children": []], ["name": "d", "children": []]]]
        #expect(try render("{{>node}}", bounded, partials: partials) == "a(b()d())")
        #expect(throws: MustacheError.self) { try render("{{>node}}", tree, partials: partials) }
    }

    /// `{{>node}}` nested `levels` deep below the top template.
    private func nestedPartials(levels: Int) throws -> String {
        // The last node says `child: false`, or the lookup would find its parent's child.
        var context: TemplateValue = ["id": .int(levels), "child": false]
        for id in stride(from: levels - 1, through: 1, by: -1) {
            context = ["id": .int(id), "child": context]
        }
        return try render("{{>node}}", context, partials: ["node": "{{id}}{{#child}}\n{{>node}}{{/child}}"])
    }

    @Test func partialsMayNest32Deep() throws {
        let output = try nestedPartials(levels: 32)
        #expect(output.hasPrefix("1\n2\n"))
        #expect(output.hasSuffix("\n31\n32"))
    }

    @Test func partialsNested33DeepThrow() {
        #expect(throws: MustacheError(template: "node", line: 2, problem: "partial \"node\" is nested more than 32 levels deep")) {
            try nestedPartials(levels: 33)
        }
    }

    @Test func selfIncludingPartialThrowsInsteadOfOverflowing() throws {
        let error = try #require(throws: MustacheError.self) {
            try MustacheEngine(templates: ["loop": "x\n{{>loop}}"]).render("loop", context: [:])
        }
        #expect(error.description == "template \"loop\" line 2: partial \"loop\" is nested more than 32 levels deep")
    }
}
