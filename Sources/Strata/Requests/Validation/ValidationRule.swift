/// What a ``ValidationRule`` constrains, in the terms of JSON Schema: the API document writes
/// each as the keyword of the same name (`oneOf` as `enum`).
public enum ValidationConstraint: Sendable, Hashable {
    case minimum(Double), maximum(Double)
    case minLength(Int), maxLength(Int)
    case minItems(Int), maxItems(Int)
    case pattern(String)
    case oneOf([String])
}

/// A rule a value must keep, with the message reported when it does not.
///
/// ```swift partial
/// validator.check("year", year, .range(1450...2100))
/// validator.check("tags", tags, .count(...10))
/// validator.check("email", email, .pattern("^[^@ ]+@[^@ ]+$"), .length(...254))
/// ```
public struct ValidationRule<Value>: Sendable {
    /// What the client is told when the rule is broken, e.g. "must be at most 10".
    public let message: String
    /// What the rule constrains, for the API documentation; empty for a rule of your own.
    public let constraints: [Constraint]
    private let test: @Sendable (Value) -> Bool

    /// What a rule constrains, in the terms of JSON Schema.
    public typealias Constraint = ValidationConstraint

    /// A rule of your own: `test` says whether a value keeps it.
    public init(_ message: String, constraints: [Constraint] = [], test: @escaping @Sendable (Value) -> Bool) {
        self.message = message
        self.constraints = constraints
        self.test = test
    }

    func isSatisfied(by value: Value) -> Bool {
        test(value)
    }
}

extension ValidationRule where Value: Comparable & Sendable {
    /// Between the bounds, inclusive.
    public static func range(_ range: ClosedRange<Value>) -> Self {
        Self("must be between \(range.lowerBound) and \(range.upperBound)") { range.contains($0) }
    }

    /// At least `bound`.
    public static func minimum(_ bound: Value) -> Self {
        Self("must be at least \(bound)") { $0 >= bound }
    }

    /// At most `bound`.
    public static func maximum(_ bound: Value) -> Self {
        Self("must be at most \(bound)") { $0 <= bound }
    }
}

extension ValidationRule where Value: BinaryInteger & Sendable {
    /// Between the bounds, inclusive.
    public static func range(_ range: ClosedRange<Value>) -> Self {
        Self("must be between \(range.lowerBound) and \(range.upperBound)",
             constraints: [.minimum(Double(range.lowerBound)), .maximum(Double(range.upperBound))]) { range.contains($0) }
    }

    /// At least `bound`.
    public static func minimum(_ bound: Value) -> Self {
        Self("must be at least \(bound)", constraints: [.minimum(Double(bound))]) { $0 >= bound }
    }

    /// At most `bound`.
    public static func maximum(_ bound: Value) -> Self {
        Self("must be at most \(bound)", constraints: [.maximum(Double(bound))]) { $0 <= bound }
    }
}

extension ValidationRule where Value: BinaryFloatingPoint & Sendable {
    /// Between the bounds, inclusive.
    public static func range(_ range: ClosedRange<Value>) -> Self {
        Self("must be between \(range.lowerBound) and \(range.upperBound)",
             constraints: [.minimum(Double(range.lowerBound)), .maximum(Double(range.upperBound))]) { range.contains($0) }
    }
}

extension ValidationRule where Value == String {
    /// A length in characters (Unicode scalars, as JSON Schema counts them) within `range`.
    public static func length(_ range: ClosedRange<Int>) -> Self {
        Self("must have \(range.lowerBound) to \(range.upperBound) characters",
             constraints: [.minLength(range.lowerBound), .maxLength(range.upperBound)]) { range.contains($0.unicodeScalars.count) }
    }

    /// At most `range.upperBound` characters.
    public static func length(_ range: PartialRangeThrough<Int>) -> Self {
        Self("must have at most \(range.upperBound) characters", constraints: [.maxLength(range.upperBound)]) { $0.unicodeScalars.count <= range.upperBound }
    }

    /// At least `range.lowerBound` characters.
    public static func length(_ range: PartialRangeFrom<Int>) -> Self {
        Self("must have at least \(range.lowerBound) characters", constraints: [.minLength(range.lowerBound)]) { $0.unicodeScalars.count >= range.lowerBound }
    }

    /// Not empty.
    public static var nonEmpty: Self {
        Self("must not be empty", constraints: [.minLength(1)]) { !$0.isEmpty }
    }

    /// Contains a match of the regular expression `pattern` — unanchored, as in JSON Schema;
    /// write `^…$` to match the whole value. A pattern that does not compile breaks on every
    /// value, so the mistake shows in the first test.
    public static func pattern(_ pattern: String) -> Self {
        // `Regex` is not `Sendable`, so each check compiles its own; rules run only on
        // values that decoded, never on the path of a request without a body rule.
        Self("must match \(pattern)", constraints: [.pattern(pattern)]) { value in
            guard let regex = try? Regex(pattern) else { return false }
            return value.contains(regex)
        }
    }

    /// One of `values`.
    public static func oneOf(_ values: [String]) -> Self {
        Self("must be one of \(values.joined(separator: ", "))", constraints: [.oneOf(values)]) { values.contains($0) }
    }
}

extension ValidationRule where Value: Collection & Sendable {
    /// A number of elements within `range`.
    public static func count(_ range: ClosedRange<Int>) -> Self {
        Self("must have \(range.lowerBound) to \(range.upperBound) items",
             constraints: [.minItems(range.lowerBound), .maxItems(range.upperBound)]) { range.contains($0.count) }
    }

    /// At most `range.upperBound` elements.
    public static func count(_ range: PartialRangeThrough<Int>) -> Self {
        Self("must have at most \(range.upperBound) items", constraints: [.maxItems(range.upperBound)]) { $0.count <= range.upperBound }
    }

    /// At least `range.lowerBound` elements.
    public static func count(_ range: PartialRangeFrom<Int>) -> Self {
        Self("must have at least \(range.lowerBound) items", constraints: [.minItems(range.lowerBound)]) { $0.count >= range.lowerBound }
    }
}
