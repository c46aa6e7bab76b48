import StrataMustache
import Testing

/// One case from the official Mustache spec (github.com/mustache/spec, `specs/*.yml`),
/// copied verbatim: the template, data, partials and expected output.
struct MustacheSpecCase: Sendable, CustomTestStringConvertible {
    let name: String
    let template: String
    let data: TemplateValue
    var partials: [String: String] = [:]
    let expected: String

    var testDescription: String { name }
}

@Suite struct MustacheSpecTests {
    static let interpolation: [MustacheSpecCase] = [
        .init(name: "No Interpolation", template: "Hello from {Mustache}!\n", data: [:], expected: "Hello from {Mustache}!\n"),
        .init(name: "Basic Interpolation", template: "Hello, {{subject}}!\n", data: ["subject": "world"], expected: "Hello, world!\n"),
        .init(name: "HTML Escaping", template: "These characters should be HTML escaped: {{forbidden}}\n", data: ["forbidden": "& \" < >"],
              expected: "These characters should be HTML escaped: &amp; &quot; &lt; &gt;\n"),
        .init(name: "Triple Mustache", template: "These characters should not be HTML escaped: {{{forbidden}}}\n", data: ["forbidden": "& \" < >"],
              expected: "These characters should not be HTML escaped: & \" < >\n"),
        .init(name: "Ampersand", template: "These characters should not be HTML escaped: {{&forbidden}}\n", data: ["forbidden": "& \" < >"],
              expected: "These characters should not be HTML escaped: & \" < >\n"),
        .init(name: "Basic Integer Interpolation", template: "\"{{mph}} miles an hour!\"", data: ["mph": 85], expected: "\"85 miles an hour!\""),
        .init(name: "Basic Decimal Interpolation", template: "\"{{power}} jiggawatts!\"", data: ["power": 1.21], expected: "\"1.21 jiggawatts!\""),
        .init(name: "Basic Context Miss Interpolation", template: "I ({{cannot}}) be seen!", data: [:], expected: "I () be seen!"),
        .init(name: "Dotted Names - Basic Interpolation", template: "\"{{person.name}}\" == \"{{#person}}{{name}}{{/person}}\"",
              data: ["person": ["name": "Joe"]], expected: "\"Joe\" == \"Joe\""),
        .init(name: "Dotted Names - Arbitrary Depth", template: "\"{{a.b.c.d.e.name}}\" == \"Phil\"",
              data: ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]]], expected: "\"Phil\" == \"Phil\""),
        .init(name: "Dotted Names - Broken Chains", template: "\"{{a.b.c}}\" == \"\"", data: ["a": [:]], expected: "\"\" == \"\""),
        .init(name: "Dotted Names - Broken Chain Resolution", template: "\"{{a.b.c.name}}\" == \"\"",
              data: ["a": ["b": [:]], "c": ["name": "Jim"]], expected: "\"\" == \"\""),
        .init(name: "Dotted Names - Initial Resolution", template: "\"{{#a}}{{b.c.d.e.name}}{{/a}}\" == \"Phil\"",
              data: ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]], "b": ["c": ["d": ["e": ["name": "Wrong"]]]]],
              expected: "\"Phil\" == \"Phil\""),
        .init(name: "Dotted Names - Context Precedence", template: "{{#a}}{{b.c}}{{/a}}", data: ["a": ["b": [:]], "b": ["c": "ERROR"]], expected: ""),
        .init(name: "Interpolation - Surrounding Whitespace", template: "| {{string}} |", data: ["string": "---"], expected: "| --- |"),
        .init(name: "Interpolation - Standalone", template: "  {{string}}\n", data: ["string": "---"], expected: "  ---\n"),
        .init(name: "Ampersand With Padding", template: "|{{& string }}|", data: ["string": "---"], expected: "|---|"),
    ]

    static let sections: [MustacheSpecCase] = [
        .init(name: "Null is falsey", template: "\"{{#null}}This should not be rendered.{{/null}}\"", data: ["null": nil], expected: "\"\""),
        .init(name: "Parent contexts", template: "\"{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}\"",
              data: ["a": "foo", "b": "wrong", "sec": ["b": "bar"], "c": ["d": "baz"]], expected: "\"foo, bar, baz\""),
        .init(name: "Variable test", template: "\"{{#foo}}{{.}} is {{foo}}{{/foo}}\"", data: ["foo": "bar"], expected: "\"bar is bar\""),
        .init(name: "List Contexts",
              template: "{{#tops}}{{#middles}}{{tname.lower}}{{mname}}.{{#bottoms}}{{tname.upper}}{{mname}}{{bname}}.{{/bottoms}}{{/middles}}{{/tops}}",
              data: ["tops": [["tname": ["upper": "A", "lower": "a"], "middles": [["mname": "1", "bottoms": [["bname": "x"], ["bname": "y"]]]]]]],
              expected: "a1.A1x.A1y."),
        .init(name: "Deeply Nested Contexts",
              template: "{{#a}}\n{{one}}\n{{#b}}\n{{one}}{{two}}{{one}}\n{{#c}}\n{{one}}{{two}}{{three}}{{two}}{{one}}\n{{#d}}\n"
                + "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{#five}}\n"
                + "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}{{one}}\n"
                + "{{one}}{{two}}{{three}}{{four}}{{.}}6{{.}}{{four}}{{three}}{{two}}{{one}}\n"
                + "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}{{one}}\n{{/five}}\n"
                + "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{/d}}\n"
                + "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{/c}}\n{{one}}{{two}}{{one}}\n{{/b}}\n{{one}}\n{{/a}}\n",
              data: ["a": ["one": 1], "b": ["two": 2], "c": ["three": 3, "d": ["four": 4, "five": 5]]],
              expected: "1\n121\n12321\n1234321\n123454321\n12345654321\n123454321\n1234321\n12321\n121\n1\n"),
        .init(name: "List", template: "\"{{#list}}{{item}}{{/list}}\"", data: ["list": [["item": 1], ["item": 2], ["item": 3]]], expected: "\"123\""),
        .init(name: "Empty List", template: "\"{{#list}}Yay lists!{{/list}}\"", data: ["list": []], expected: "\"\""),
        .init(name: "Doubled", template: "{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n* third\n{{/bool}}\n",
              data: ["bool": true, "two": "second"], expected: "* first\n* second\n* third\n"),
        .init(name: "Nested (Falsey)", template: "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |", data: ["bool": false], expected: "| A  E |"),
        .init(name: "Implicit Iterator - Decimal", template: "\"{{#list}}({{.}}){{/list}}\"", data: ["list": [1.1, 2.2, 3.3, 4.4, 5.5]],
              expected: "\"(1.1)(2.2)(3.3)(4.4)(5.5)\""),
        .init(name: "Implicit Iterator - Array", template: "\"{{#list}}({{#.}}{{.}}{{/.}}){{/list}}\"", data: ["list": [[1, 2, 3], ["a", "b", "c"]]],
              expected: "\"(123)(abc)\""),
        .init(name: "Implicit Iterator - HTML Escaping", template: "\"{{#list}}({{.}}){{/list}}\"", data: ["list": ["&", "\"", "<", ">"]],
              expected: "\"(&amp;)(&quot;)(&lt;)(&gt;)\""),
        .init(name: "Dotted Names - Truthy", template: "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"Here\"", data: ["a": ["b": ["c": true]]],
              expected: "\"Here\" == \"Here\""),
        .init(name: "Surrounding Whitespace", template: " | {{#boolean}}\t|\t{{/boolean}} | \n", data: ["boolean": true], expected: " | \t|\t | \n"),
        .init(name: "Internal Whitespace", template: " | {{#boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n", data: ["boolean": true],
              expected: " |  \n  | \n"),
        .init(name: "Indented Standalone Lines", template: "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n", data: ["boolean": true],
              expected: "| This Is\n|\n| A Line\n"),
        .init(name: "Standalone Line Endings", template: "|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|", data: ["boolean": true], expected: "|\r\n|"),
        .init(name: "Standalone Without Previous Line", template: "  {{#boolean}}\n#{{/boolean}}\n/", data: ["boolean": true], expected: "#\n/"),
        .init(name: "Standalone Without Newline", template: "#{{#boolean}}\n/\n  {{/boolean}}", data: ["boolean": true], expected: "#\n/\n"),
        .init(name: "Padding", template: "|{{# boolean }}={{/ boolean }}|", data: ["boolean": true], expected: "|=|"),
    ]

    static let inverted: [MustacheSpecCase] = [
        .init(name: "Inverted Context", template: "\"{{^context}}Hi {{name}}.{{/context}}\"", data: ["context": ["name": "Joe"]], expected: "\"\""),
        .init(name: "Inverted Doubled", template: "{{^bool}}\n* first\n{{/bool}}\n* {{two}}\n{{^bool}}\n* third\n{{/bool}}\n",
              data: ["bool": false, "two": "second"], expected: "* first\n* second\n* third\n"),
        .init(name: "Inverted Nested (Falsey)", template: "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |", data: ["bool": false],
              expected: "| A B C D E |"),
        .init(name: "Inverted Context Misses", template: "[{{^missing}}Cannot find key 'missing'!{{/missing}}]", data: [:],
              expected: "[Cannot find key 'missing'!]"),
        .init(name: "Inverted Dotted Names - Broken Chains", template: "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"Not Here\"", data: ["a": [:]],
              expected: "\"Not Here\" == \"Not Here\""),
        .init(name: "Inverted Standalone Without Newline", template: "^{{^boolean}}\n/\n  {{/boolean}}", data: ["boolean": false], expected: "^\n/\n"),
    ]

    static let comments: [MustacheSpecCase] = [
        .init(name: "Comment Multiline", template: "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n", data: [:], expected: "1234567890\n"),
        .init(name: "Comment Standalone Line Endings", template: "|\r\n{{! Standalone Comment }}\r\n|", data: [:], expected: "|\r\n|"),
        .init(name: "Comment Standalone Without Previous Line", template: "  {{! I'm Still Standalone }}\n!", data: [:], expected: "!"),
        .init(name: "Comment Indented Multiline Standalone", template: "Begin.\n  {{!\n    Something's going on here...\n  }}\nEnd.\n", data: [:],
              expected: "Begin.\nEnd.\n"),
        .init(name: "Comment Indented Inline", template: "  12 {{! 34 }}\n", data: [:], expected: "  12 \n"),
        .init(name: "Comment Surrounding Whitespace", template: "12345 {{! Comment Block! }} 67890", data: [:], expected: "12345  67890"),
    ]

    static let partials: [MustacheSpecCase] = [
        .init(name: "Partial Context", template: "\"{{>partial}}\"", data: ["text": "content"], partials: ["partial": "*{{text}}*"],
              expected: "\"*content*\""),
        .init(name: "Partial Recursion", template: "{{>node}}", data: ["content": "X", "nodes": [["content": "Y", "nodes": []]]],
              partials: ["node": "{{content}}<{{#nodes}}{{>node}}{{/nodes}}>"], expected: "X<Y<>>"),
        .init(name: "Partial Surrounding Whitespace", template: "| {{>partial}} |", data: [:], partials: ["partial": "\t|\t"], expected: "| \t|\t |"),
        .init(name: "Partial Inline Indentation", template: "  {{data}}  {{> partial}}\n", data: ["data": "|"], partials: ["partial": ">\n>"],
              expected: "  |  >\n>\n"),
        .init(name: "Partial Standalone Line Endings", template: "|\r\n{{>partial}}\r\n|", data: [:], partials: ["partial": ">"], expected: "|\r\n>|"),
        .init(name: "Partial Standalone Without Previous Line", template: "  {{>partial}}\n>", data: [:], partials: ["partial": ">\n>"],
              expected: "  >\n  >>"),
        .init(name: "Partial Standalone Without Newline", template: ">\n  {{>partial}}", data: [:], partials: ["partial": ">\n>"],
              expected: ">\n  >\n  >"),
        .init(name: "Partial Standalone Indentation", template: "\\\n {{>partial}}\n/\n", data: ["content": "<\n->"],
              partials: ["partial": "|\n{{{content}}}\n|\n"], expected: "\\\n |\n <\n->\n |\n/\n"),
        .init(name: "Partial Padding Whitespace", template: "|{{> partial }}|", data: ["boolean": true], partials: ["partial": "[]"], expected: "|[]|"),
    ]

    @Test(arguments: interpolation + sections + inverted + comments + partials)
    func specCase(_ spec: MustacheSpecCase) throws {
        var templates = spec.partials
        templates["spec"] = spec.template
        #expect(try MustacheEngine(templates: templates).render("spec", context: spec.data) == spec.expected)
    }

    /// The spec's "Failed Lookup" renders a missing partial as nothing; Strata reports it
    /// when the templates load instead, since it is almost always a typo.
    @Test func failedPartialLookupIsAnErrorNotEmpty() {
        #expect(throws: MustacheError(template: "spec", line: 1, problem: "no partial named \"text\"")) {
            try MustacheEngine(templates: ["spec": "\"{{>text}}\""])
        }
    }
}
