import StrataMustache
import Testing

/// Renders `template` (named "test") with `context`; `partials` are the other templates.
private func render(_ template: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
    var templates = partials
    templates["test"] = template
    return try MustacheEngine(templates: templates).render("test", context: context)
}

/// The description of the error that loading `templates` throws.
private func loadError(_ templates: [String: String]) throws -> String {
    let error = try #require(throws: MustacheError.self) {
        try MustacheEngine(templates: templates)
    }
    return error.description
}

@Suite struct MustacheParserTests {
    // MARK: Standalone lines

    @Test func standaloneTagsLeaveCleanHTML() throws {
        let template = """
            <ul>
              {{#items}}
              <li>{{.}}</li>
              {{/items}}
              {{^items}}
              <li>none</li>
              {{/items}}
            </ul>

            """
        #expect(try render(template, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        #expect(try render(template, ["items": []]) == "<ul>\n  <li>none</li>\n</ul>\n")
    }

    @Test(arguments: [
        ("a\n{{#s}}\nb\n{{/s}}\nc\n", "a\nb\nc\n"),
        ("a\n{{^f}}\nb\n{{/f}}\nc\n", "a\nb\nc\n"),
        ("a\n  {{! note }}  \nc\n", "a\nc\n"),
        ("a\n{{>p}}\nc\n", "a\nb\nc\n"),
        ("a\n\t {{#s}} \t\nb\n {{/s}}\nc", "a\nb\nc"),
        ("a\r\n{{#s}}\r\nb\r\n{{/s}}\r\nc", "a\r\nb\r\nc"),
        ("{{#s}}\nb\n{{/s}}", "b\n"),
        ("a\n  {{! end }}", "a\n"),
        ("a\n  {{!\n  multi\nline }}  \nb", "a\nb"),
        ("{{#s}}\n{{/s}}\nx", "x"),
    ])
    func standaloneLinesAreRemoved(template: String, expected: String) throws {
        #expect(try render(template, ["s": true, "f": false], partials: ["p": "b\n"]) == expected)
    }

    @Test(arguments: [
        ("x {{#s}}\ny{{/s}}\n", "x \ny\n"),
        ("{{#s}} x\ny{{/s}}\n", " x\ny\n"),
        ("a\n  {{name}}\nb", "a\n  N\nb"),
        ("a\n{{{name}}}\nb", "a\nN\nb"),
        ("a\n{{#s}}{{/s}}\nb", "a\n\nb"),
        ("a\n{{! one }}{{! two }}\nb", "a\n\nb"),
        ("a\n  12 {{! c }}\nb", "a\n  12 \nb"),
        ("a\r{{#s}}\rb{{/s}}", "a\r\rb"),
    ])
    func tagsSharingTheirLineKeepIt(template: String, expected: String) throws {
        #expect(try render(template, ["s": true, "name": "N"]) == expected)
    }

    @Test func standalonePartialIndentsEachLineOfItsTemplate() throws {
        let partials = ["p": "<p>\n  {{text}}\n</p>\n"]
        // The interpolated value's own line break is not indented: only the partial's source lines are.
        #expect(try render("<div>\n  {{>p}}\n</div>", ["text": "a\nb"], partials: partials)
            == "<div>\n  <p>\n    a\nb\n  </p>\n</div>")
    }

    @Test func nestedStandalonePartialsAccumulateIndentation() throws {
        let partials = ["outer": "o\n  {{>inner}}\n{{>inner}}\n", "inner": "x\ny\n"]
        #expect(try render("<\n  {{>outer}}\n>", partials: partials) == "<\n  o\n    x\n    y\n  x\n  y\n>")
    }

    @Test func inlinePartialIsNotIndented() throws {
        let partials = ["p": "x\ny", "outer": "{{>p}}!\n"]
        #expect(try render("  {{>p}} tail\n", partials: partials) == "  x\ny tail\n")
        #expect(try render("  {{>outer}}\n", partials: partials) == "  x\ny!\n")
    }

    @Test func indentationReachesLinesThatStartWithATag() throws {
        let partials = ["rows": "{{#items}}\n{{name}}\n{{/items}}\n{{! c }}end\n"]
        #expect(try render("<ul>\n  {{>rows}}\n</ul>", ["items": [["name": "a"], ["name": "b"]]], partials: partials)
            == "<ul>\n  a\n  b\n  end\n</ul>")
    }

    // MARK: Errors

    @Test func mismatchedCloseNamesBothTagsAndLines() throws {
        let template = "<h1>{{title}}</h1>\n\n<ul>\n{{#items}}\n" + String(repeating: "<li>{{name}}</li>\n", count: 7) + "{{/item}}\n</ul>\n"
        #expect(try loadError(["users/show": template])
            == "template \"users/show\" line 12: section \"items\" opened on line 4 is closed by \"item\"")
        #expect(try loadError(["t": "{{^a}}\n{{#b}}{{/a}}"])
            == "template \"t\" line 2: section \"b\" opened on line 2 is closed by \"a\"")
        #expect(try loadError(["t": "{{^a}}\n\n{{/b}}"])
            == "template \"t\" line 3: inverted section \"a\" opened on line 1 is closed by \"b\"")
    }

    @Test func unclosedSectionAtEnd() throws {
        #expect(try loadError(["t": "x\n{{#items}}\n{{name}}\n"]) == "template \"t\" line 2: section \"items\" is never closed")
        #expect(try loadError(["t": "{{#a}}\n{{^b}}\n{{/b}}"]) == "template \"t\" line 1: section \"a\" is never closed")
        #expect(try loadError(["t": "{{#a}}\n{{^b}}"]) == "template \"t\" line 2: inverted section \"b\" is never closed")
    }

    @Test func closeWithoutOpen() throws {
        #expect(try loadError(["t": "a\n{{/items}}"]) == "template \"t\" line 2: closing tag \"{{/items}}\" has no open section")
    }

    @Test func unclosedTags() throws {
        #expect(try loadError(["t": "a\nb\nc {{name\n}"]) == "template \"t\" line 3: tag \"{{\" is never closed by \"}}\"")
        #expect(try loadError(["t": "{{{raw}}"]) == "template \"t\" line 1: tag \"{{{\" is never closed by \"}}}\"")
        #expect(try loadError(["t": "{{!\n\n comment"]) == "template \"t\" line 1: tag \"{{\" is never closed by \"}}\"")
        #expect(try loadError(["t": "end {{"]) == "template \"t\" line 1: tag \"{{\" is never closed by \"}}\"")
    }

    @Test(arguments: ["{{}}", "{{ }}", "{{#}}", "{{^ }}", "{{/}}", "{{>}}", "{{&}}", "{{{ }}}"])
    func emptyName(tag: String) throws {
        #expect(try loadError(["t": "ok\n" + tag]) == "template \"t\" line 2: tag \"\(tag)\" has an empty name")
    }

    @Test func nameWithWhitespace() throws {
        #expect(try loadError(["t": "{{first name}}"]) == "template \"t\" line 1: name \"first name\" in tag \"{{first name}}\" contains whitespace")
        #expect(try loadError(["t": "{{> a\tb }}"]) == "template \"t\" line 1: name \"a\tb\" in tag \"{{> a\tb }}\" contains whitespace")
    }

    @Test(arguments: ["a..b", ".a", "a.", ".."])
    func nameWithAnEmptyDottedPart(name: String) throws {
        #expect(try loadError(["t": "{{#\(name)}}{{/\(name)}}"])
            == "template \"t\" line 1: name \"\(name)\" in tag \"{{#\(name)}}\" has an empty part between dots")
    }

    @Test func setDelimiterIsRejected() throws {
        #expect(try loadError(["t": "{{=<% %>=}}"]) == "template \"t\" line 1: set-delimiter tags such as \"{{=<% %>=}}\" are not supported")
    }

    @Test func unknownPartial() throws {
        #expect(try loadError(["page": "<html>\n<body>\n{{> header}}\n", "footer": ""])
            == "template \"page\" line 3: no partial named \"header\"")
    }

    @Test func lineNumbersCountLinesInsideTags() throws {
        #expect(try loadError(["t": "{{!\none\ntwo\n}}\n{{#x}}{{/y}}"]) == "template \"t\" line 5: section \"x\" opened on line 5 is closed by \"y\"")
        #expect(try loadError(["t": "a\r\nb\r\n{{/x}}"]) == "template \"t\" line 3: closing tag \"{{/x}}\" has no open section")
    }

    @Test func firstBrokenTemplateByNameIsReported() throws {
        #expect(try loadError(["b": "{{/x}}", "a": "{{#y}}", "c": "fine"]) == "template \"a\" line 1: section \"y\" is never closed")
    }
}
