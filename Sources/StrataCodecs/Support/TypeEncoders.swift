/// Per-type overrides for how a value is written by Strata's JSON and MessagePack encoders.
///
/// A layer maps a type to a function that turns each value of it into another `Encodable`,
/// which is then written in its place — Litestar's `type_encoders`:
///
/// ```swift
/// let encoders = TypeEncoders()
///     .encoding(Date.self) { $0.timeIntervalSince1970 }
/// ```
///
/// Layers merge them by type; the innermost layer's function wins.
public struct TypeEncoders: Sendable {
    /// One override: the function and the name of the type it applies to (for diagnostics).
    package struct Entry: Sendable {
        let typeName: String
        let transform: @Sendable (Any) throws -> any Encodable
    }

    package var entries: [ObjectIdentifier: Entry] = [:]

    /// No overrides.
    public init() {}

    /// Whether no type has an override; encoders skip the lookup entirely then.
    public var isEmpty: Bool { entries.isEmpty }

    /// Returns a copy in which values of `type` are written as `transform` returns.
    public func encoding<T>(_ type: T.Type, as transform: @escaping @Sendable (T) throws -> any Encodable) -> TypeEncoders {
        var copy = self
        copy.entries[ObjectIdentifier(type)] = Entry(typeName: String(reflecting: type)) { value in
            // The entry is only ever looked up by `ObjectIdentifier(T.self)`, so `value` is a `T`.
            try transform(value as! T)
        }
        return copy
    }

    /// The replacement for `value`, if its exact type has an override.
    func replacement<T>(for value: T) throws -> (any Encodable)? {
        guard let entry = entries[ObjectIdentifier(T.self)] else { return nil }
        return try entry.transform(value)
    }
}
