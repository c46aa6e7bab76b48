/// A key into ``RouteMetadata``, a type like ``ContextKey``.
///
/// ```swift
/// enum RequiredRole: MetadataKey { typealias Value = String }
/// ```
public protocol MetadataKey: SendableMetatype {
    /// The type of the value set under this key.
    associatedtype Value: Sendable
}

/// Values layers attach to their routes for guards, middleware and handlers to read —
/// Litestar's `opt`. Keyed by type; for one route, the innermost layer that sets a key wins.
///
/// ```swift partial
/// AdminController().metadata(RequiredRole.self, "admin")
/// // in a guard: request.metadata[RequiredRole.self] == "admin"
/// ```
public struct RouteMetadata: Sendable {
    var values: [ObjectIdentifier: any Sendable] = [:]

    /// No values.
    public init() {}

    /// The value set under `key` by the innermost layer that sets it, or `nil`.
    public subscript<Key: MetadataKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }

    /// Whether no value is set.
    public var isEmpty: Bool { values.isEmpty }
}
