import FoundationEssentials

/// A type a header, cookie, query or path value converts to: `String`, the integers,
/// `Double`, `Float`, `Bool`, `UUID`, an optional of one, or an enum with such raw values
/// that declares the conformance (`extension Shelf: ParameterValue {}`).
public protocol ParameterValue: Sendable {
    /// The value `text` stands for, or `nil` when it stands for none.
    init?(parameterValue text: String)
    /// What the value must look like, for messages: "an integer".
    static var parameterDescription: String { get }
    /// The value when the parameter is absent: `nil` — absence is an error — except for
    /// optionals, which are `.some(nil)`.
    static var valueWhenAbsent: Self? { get }
}

extension ParameterValue {
    public static var valueWhenAbsent: Self? { nil }
}

extension ParameterValue where Self: RawRepresentable, RawValue: ParameterValue {
    public init?(parameterValue text: String) {
        guard let raw = RawValue(parameterValue: text) else { return nil }
        self.init(rawValue: raw)
    }

    public static var parameterDescription: String { "one of the allowed values" }
}

extension String: ParameterValue {
    public init?(parameterValue text: String) { self = text }
    public static var parameterDescription: String { "a string" }
}

extension Bool: ParameterValue {
    public init?(parameterValue text: String) {
        switch text.lowercased() {
        case "true", "1": self = true
        case "false", "0": self = false
        default: return nil
        }
    }
    public static var parameterDescription: String { "true or false" }
}

extension Int: ParameterValue {
    public init?(parameterValue text: String) { self.init(text) }
    public static var parameterDescription: String { "an integer" }
}

extension Int64: ParameterValue {
    public init?(parameterValue text: String) { self.init(text) }
    public static var parameterDescription: String { "an integer" }
}

extension Int32: ParameterValue {
    public init?(parameterValue text: String) { self.init(text) }
    public static var parameterDescription: String { "an integer" }
}

extension UInt: ParameterValue {
    public init?(parameterValue text: String) { self.init(text) }
    public static var parameterDescription: String { "a non-negative integer" }
}

extension Double: ParameterValue {
    public init?(parameterValue text: String) {
        guard let value = Double(text), value.isFinite else { return nil }
        self = value
    }
    public static var parameterDescription: String { "a number" }
}

extension Float: ParameterValue {
    public init?(parameterValue text: String) {
        guard let value = Float(text), value.isFinite else { return nil }
        self = value
    }
    public static var parameterDescription: String { "a number" }
}

extension UUID: ParameterValue {
    public init?(parameterValue text: String) { self.init(uuidString: text) }
    public static var parameterDescription: String { "a UUID" }
}

extension Optional: ParameterValue where Wrapped: ParameterValue {
    public init?(parameterValue text: String) {
        guard let value = Wrapped(parameterValue: text) else { return nil }
        self = .some(value)
    }
    public static var parameterDescription: String { Wrapped.parameterDescription }
    public static var valueWhenAbsent: Self? { .some(.none) }
}
