/// A parsed template: its name and the nodes it renders.
struct MustacheTemplate: Sendable {
    let name: String
    let nodes: [MustacheNode]
}

/// A name as written in a tag, split at its dots; `{{.}}` has no parts.
struct MustacheName: Sendable {
    /// The name as written, for error messages and matching close tags.
    let text: String
    /// The dotted parts; empty for the implicit iterator `.`.
    let parts: [String]

    init(_ text: String) {
        self.text = text
        self.parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// One piece of a parsed template.
enum MustacheNode: Sendable {
    /// Literal text. `lineStarts` are where source lines begin inside it, which is where a
    /// standalone partial's indentation goes (Mustache spec, partials: "each line of the
    /// partial should be indented before rendering").
    case text(String, lineStarts: [String.Index])
    /// A source line that begins with a tag rather than text; receives indentation like a
    /// line start inside text.
    case lineStart
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (not escaped).
    case variable(MustacheName, escaped: Bool)
    /// `{{#name}}…{{/name}}` or, when `inverted`, `{{^name}}…{{/name}}`.
    case section(MustacheName, inverted: Bool, children: [MustacheNode])
    /// `{{> name}}`, resolved to its template's index when parsed.
    case partial(MustachePartialCall)
}

/// Where and how a template includes a partial.
struct MustachePartialCall: Sendable {
    /// The index of the partial in the engine's templates.
    let template: Int
    /// The partial's name, for error messages.
    let name: String
    /// The whitespace before a standalone tag, which prefixes every line of the partial;
    /// `nil` for a tag that shares its line with other content, whose partial is not indented.
    let indent: String?
    /// The 1-based line of the tag.
    let line: Int
}
