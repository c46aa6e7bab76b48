/// Renders parsed templates against a context stack; one instance per `render` call.
struct MustacheRenderer {
    /// How deep partials may nest before rendering stops: a partial that includes itself
    /// unconditionally would otherwise recurse until the stack overflows.
    static let maximumPartialDepth = 32

    /// Every template of the engine, indexed as ``MustachePartialCall/template`` refers to them.
    let templates: [MustacheTemplate]
    /// The text rendered so far.
    private(set) var output = ""
    /// The context stack, innermost last. Mustache spec: names resolve from the innermost
    /// context outward.
    private var stack: [TemplateValue]

    init(templates: [MustacheTemplate], context: TemplateValue) {
        self.templates = templates
        self.stack = [context]
    }

    /// Appends the rendering of `nodes`, which belong to `templates[template]`.
    ///
    /// `indent` prefixes each source line (a standalone partial's indentation, accumulated
    /// through nested standalone partials); `depth` counts the partials being rendered.
    mutating func render(_ nodes: [MustacheNode], template: Int, indent: String, depth: Int) throws(MustacheError) {
        for node in nodes {
            switch node {
            case .text(let text, let lineStarts):
                if indent.isEmpty || lineStarts.isEmpty {
                    output += text
                } else {
                    appendIndented(text, lineStarts: lineStarts, indent: indent)
                }
            case .lineStart:
                output += indent
            case .variable(let name, let escaped):
                let text = lookup(name).renderedText
                if escaped {
                    appendEscaped(text)
                } else {
                    output += text
                }
            case .section(let name, let inverted, let children):
                let value = lookup(name)
                if inverted {
                    if !value.isTruthy {
                        try render(children, template: template, indent: indent, depth: depth)
                    }
                } else if case .array(let elements) = value {
                    for element in elements {
                        try render(children, pushing: element, template: template, indent: indent, depth: depth)
                    }
                } else if value.isTruthy {
                    try render(children, pushing: value, template: template, indent: indent, depth: depth)
                }
            case .partial(let call):
                guard depth < Self.maximumPartialDepth else {
                    throw MustacheError(
                        template: templates[template].name,
                        line: call.line,
                        problem: "partial \"\(call.name)\" is nested more than \(Self.maximumPartialDepth) levels deep"
                    )
                }
                // Mustache spec: only a standalone partial is indented, by its own
                // whitespace on top of the indentation of the line it is on.
                let partialIndent = call.indent.map { indent + $0 } ?? ""
                try render(templates[call.template].nodes, template: call.template, indent: partialIndent, depth: depth + 1)
            }
        }
    }

    /// Renders `nodes` with `value` as the innermost context.
    private mutating func render(_ nodes: [MustacheNode], pushing value: TemplateValue, template: Int, indent: String, depth: Int) throws(MustacheError) {
        stack.append(value)
        defer { stack.removeLast() }
        try render(nodes, template: template, indent: indent, depth: depth)
    }

    /// The value of `name`: `.` is the innermost context; otherwise the first part is looked
    /// up from the innermost context outward, and the other parts only inside what it found.
    ///
    /// Mustache spec, "Dotted Names - Broken Chain Resolution": once the first part is
    /// found, a missing later part is empty rather than searched for further out.
    private func lookup(_ name: MustacheName) -> TemplateValue {
        guard let first = name.parts.first else {
            return stack.last ?? .null
        }
        var found: TemplateValue?
        for context in stack.reversed() {
            if let value = context[first] {
                found = value
                break
            }
        }
        guard var value = found else { return .null }
        for part in name.parts.dropFirst() {
            guard let member = value[part] else { return .null }
            value = member
        }
        return value
    }

    /// Appends `text` with `indent` inserted at each of `lineStarts`.
    private mutating func appendIndented(_ text: String, lineStarts: [String.Index], indent: String) {
        var copied = text.startIndex
        for lineStart in lineStarts {
            output += text[copied..<lineStart]
            output += indent
            copied = lineStart
        }
        output += text[copied...]
    }

    /// Appends `text` HTML-escaped (see ``HTMLEscaping``).
    private mutating func appendEscaped(_ text: String) {
        HTMLEscaping.append(text, to: &output)
    }
}
