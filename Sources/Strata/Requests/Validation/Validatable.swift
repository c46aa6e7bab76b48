/// A type with rules its decoded values must keep, checked after they decode; each broken
/// rule is reported as a ``FieldIssue`` in the same 422 response as the others.
///
/// ```swift
/// struct NewBook: Decodable, Validatable {
///     var title: String
///     var year: Int
///     var isbn: String?
///
///     func validate(_ validator: inout Validator) {
///         validator.check("title", title, .length(1...200))
///         validator.check("year", year, .range(1450...2100))
///         validator.check("isbn", isbn, .pattern("^[0-9-]{10,17}$"))
///     }
/// }
/// ```
///
/// Body and query inputs (``Input/body(_:accepting:)``, ``Input/query(_:)``) of a
/// `Validatable` type are validated before the handler runs.
public protocol Validatable {
    /// Checks this value's rules, reporting broken ones to `validator`.
    func validate(_ validator: inout Validator)
}

/// Collects the rules a ``Validatable`` value breaks.
public struct Validator {
    /// The broken rules so far, as (field path, message).
    public private(set) var failures: [(field: String, message: String)] = []
    private let prefix: String
    /// Whether rules are recorded for the API document instead of checked (see
    /// ``OpenAPISchemas``): every rule of every direct field, `nil` or not.
    private let isRecording: Bool
    /// The recorded rules' constraints, by field.
    private(set) var recordedConstraints: [(field: String, constraints: [ValidationConstraint])] = []

    /// A validator for a value at `prefix` (a coding path such as `items[2]`, or empty).
    public init(prefix: String = "") {
        self.prefix = prefix
        isRecording = false
    }

    /// A validator that records the rules' constraints and checks nothing.
    init(recordingConstraints: Void) {
        prefix = ""
        isRecording = true
    }

    private func path(_ field: String) -> String {
        if prefix.isEmpty { return field }
        if field.isEmpty { return prefix }
        return field.hasPrefix("[") ? prefix + field : prefix + "." + field
    }

    /// Checks `value`, the field `field`, against `rules`, reporting each one it breaks.
    public mutating func check<Value>(_ field: String, _ value: Value, _ rules: ValidationRule<Value>...) {
        if isRecording { return record(field, rules) }
        for rule in rules where !rule.isSatisfied(by: value) {
            failures.append((path(field), rule.message))
        }
    }

    /// Checks an optional field's rules when it has a value; `nil` breaks none.
    public mutating func check<Value>(_ field: String, _ value: Value?, _ rules: ValidationRule<Value>...) {
        if isRecording { return record(field, rules) }
        guard let value else { return }
        for rule in rules where !rule.isSatisfied(by: value) {
            failures.append((path(field), rule.message))
        }
    }

    /// Checks a nested value's own rules, reporting them under `field`.
    public mutating func validate(_ field: String, _ value: some Validatable) {
        // A nested type's rules belong to its own schema.
        if isRecording { return }
        var nested = Validator(prefix: path(field))
        value.validate(&nested)
        failures += nested.failures
    }

    /// Checks each element's rules, reporting them under `field[index]`.
    public mutating func validate(_ field: String, each values: some Sequence<some Validatable>) {
        if isRecording { return }
        for (index, value) in values.enumerated() {
            validate("\(field)[\(index)]", value)
        }
    }

    /// Reports a broken rule of your own, e.g. one that relates two fields.
    public mutating func fail(_ field: String, _ message: String) {
        if isRecording { return }
        failures.append((path(field), message))
    }

    private mutating func record<Value>(_ field: String, _ rules: [ValidationRule<Value>]) {
        let constraints = rules.flatMap(\.constraints)
        if !constraints.isEmpty { recordedConstraints.append((field, constraints)) }
    }
}
