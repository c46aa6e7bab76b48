/// Renders Mustache templates: `{{name}}`, sections, inverted sections, comments and partials.
///
/// ```swift
/// let engine = try MustacheEngine(templates: [
///     "page": "<h1>{{title}}</h1>\n{{> list}}",
///     "list": "<ul>\n{{#items}}\n  <li>{{name}}</li>\n{{/items}}\n</ul>\n",
/// ])
/// try engine.render("page", context: ["title": "Fish & Chips", "items": [["name": "Cod"]]])
/// // <h1>Fish &amp; Chips</h1>\n<ul>\n  <li>Cod</li>\n</ul>\n
/// ```
///
/// The subset of https://mustache.github.io/mustache.5.html it implements, following the
/// Mustache spec where the manual is silent:
/// - `{{name}}` is HTML-escaped (`& < > " '`); `{{{name}}}` and `{{& name}}` are not.
///   `{{a.b.c}}` follows members; `{{.}}` is the current item. A name is looked up from
///   the innermost context outward; a missing one renders as nothing. See
///   ``TemplateValue/renderedText`` for how each value prints.
/// - `{{#name}}…{{/name}}` is skipped for a falsey value (``TemplateValue/isTruthy``: null,
///   false, an empty array or an empty string), repeated for each element of an array,
///   and otherwise rendered once with the value as the innermost context.
///   `{{^name}}…{{/name}}` is rendered only for a falsey value.
/// - `{{! comment }}` renders nothing; `{{> name}}` renders the template `name` (by its full
///   name, not relative to the including template) with the current context, indented
///   like its tag when the tag is alone on its line. Partials nest at most 32 deep.
/// - A section, inverted, closing, comment or partial tag alone on a line takes the whole
///   line with it, so tags on their own lines leave no blank lines in the HTML.
/// - Not supported: set-delimiter tags (`{{=<% %>=}}`, an error), lambdas, inheritance.
///
/// Every template is parsed when the engine is created, so syntax errors, unknown partials
/// and bad names surface at startup as a ``MustacheError`` with the template and line.
/// Immutable after `init`, so one engine serves any number of concurrent requests.
public final class MustacheEngine: Sendable {
    /// The parsed templates, sorted by name.
    private let templates: [MustacheTemplate]
    /// The index in `templates` of each name.
    private let indexByName: [String: Int]
    /// Where the templates came from, for the missing-template error.
    private let origin: String

    /// Loads every `*.mustache` and `*.html` file under `directory` (recursively); a template's name is its relative path without the extension ("users/show").
    ///
    /// Parses all of them at init, so syntax errors surface at startup with their file and
    /// line. Throws ``MustacheError`` when the directory cannot be listed, a file cannot be
    /// read or is not UTF-8, two files differ only in extension, or a template is invalid.
    public convenience init(directory: String) throws {
        try self.init(sources: Self.loadSources(directory: directory), origin: directory)
    }

    /// Templates from strings (tests, embedded templates).
    ///
    /// `templates` maps each name (which partial tags use) to its source. Throws
    /// ``MustacheError`` for the first invalid template, in name order.
    public convenience init(templates: [String: String]) throws {
        try self.init(sources: templates, origin: "the in-memory templates")
    }

    private init(sources: [String: String], origin: String) throws(MustacheError) {
        // Sorted, so with several broken templates the same one is always reported.
        let names = sources.keys.sorted()
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            indexByName[name] = index
        }
        var templates: [MustacheTemplate] = []
        templates.reserveCapacity(names.count)
        for name in names {
            let parser = MustacheParser(template: name, source: sources[name] ?? "", partials: indexByName)
            templates.append(MustacheTemplate(name: name, nodes: try parser.parse()))
        }
        self.templates = templates
        self.indexByName = indexByName
        self.origin = origin
    }

    /// The names of all templates, sorted.
    public var templateNames: [String] {
        templates.map(\.name)
    }

    /// Renders the template called `name` with `context` as the outermost context.
    ///
    /// Throws ``MustacheError`` when there is no such template or partials nest too deep.
    public func render(_ name: String, context: TemplateValue) throws -> String {
        guard let index = indexByName[name] else {
            throw MustacheError(template: nil, line: nil, problem: "no template named \"\(name)\" in \(origin)")
        }
        var renderer = MustacheRenderer(templates: templates, context: context)
        try renderer.render(templates[index].nodes, template: index, indent: "", depth: 0)
        return renderer.output
    }
}
