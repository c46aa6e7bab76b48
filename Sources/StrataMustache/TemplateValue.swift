/// The data a template renders: a JSON-like tree of scalars, arrays and objects.
///
/// Build one with literals, or from any `Encodable` with ``init(encoding:)``:
/// ```swift
/// struct User: Encodable { let name: String; let admin: Bool }
/// struct Page: Encodable { let user: User; let items: [Int] }
/// let context: TemplateValue = ["user": ["name": "Ada", "admin": true], "items": [1, 2, 3]]
/// let same = try TemplateValue(encoding: Page(user: User(name: "Ada", admin: true), items: [1, 2, 3]))
/// ```
public enum TemplateValue: Sendable, Hashable {
    /// No value; renders as nothing and is falsey in sections.
    case null
    /// A boolean; renders as `true` or `false`.
    case bool(Bool)
    /// An integer; renders without decimals (`42`).
    case int(Int)
    /// A floating-point number; renders as Swift's shortest round-trip text (`1.21`, `2.0`).
    case double(Double)
    /// Text; HTML-escaped by `{{name}}`, verbatim by `{{{name}}}`.
    case string(String)
    /// A list; a section renders once per element.
    case array([TemplateValue])
    /// Named members; a section pushes it so `{{member}}` finds its members.
    case object([String: TemplateValue])
}

extension TemplateValue {
    /// The member named `key` when this is an object, otherwise `nil`.
    public subscript(key: String) -> TemplateValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// Whether a Mustache section renders for this value.
    ///
    /// Falsey: `null`, `false`, an empty array and an empty string (as in JavaScript, the
    /// language Mustache's semantics come from). Everything else is truthy, including `0`,
    /// `0.0` and an empty object.
    public var isTruthy: Bool {
        switch self {
        case .null:
            return false
        case .bool(let value):
            return value
        case .string(let text):
            return !text.isEmpty
        case .array(let elements):
            return !elements.isEmpty
        case .int, .double, .object:
            return true
        }
    }

    /// The text `{{name}}` writes for this value, before HTML escaping.
    ///
    /// Scalars render naturally; `null` renders as nothing. Arrays and objects also render as
    /// nothing: they have no single text, so iterate them with a section instead.
    public var renderedText: String {
        switch self {
        case .null, .array, .object:
            return ""
        case .bool(let value):
            return value ? "true" : "false"
        case .int(let value):
            return String(value)
        case .double(let value):
            return value.description
        case .string(let text):
            return text
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral {
    /// A ``string(_:)`` value from a literal.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    /// An ``int(_:)`` value from a literal.
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension TemplateValue: ExpressibleByFloatLiteral {
    /// A ``double(_:)`` value from a literal.
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// A ``bool(_:)`` value from a literal.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension TemplateValue: ExpressibleByNilLiteral {
    /// The ``null`` value, from `nil`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// An ``array(_:)`` value from a literal.
    public init(arrayLiteral elements: TemplateValue...) {
        self = .array(elements)
    }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// An ``object(_:)`` value from a literal; when a key repeats, the last value wins.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
