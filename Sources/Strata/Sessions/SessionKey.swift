/// A key into a ``Session``: a type, as with ``ContextKey``, whose ``name`` is what the session
/// stores — so a value outlives renaming the type only if the name is spelled out.
///
/// ```swift
/// enum SignedInUser: SessionKey {
///     typealias Value = Int
///     static let name = "uid"
/// }
/// ```
public protocol SessionKey: SendableMetatype {
    /// The type of the value stored under this key.
    associatedtype Value: Codable & Sendable
    /// The name the value is stored under; the type's name by default.
    static var name: String { get }
}

extension SessionKey {
    /// The type's name.
    public static var name: String { String(describing: Self.self) }
}
