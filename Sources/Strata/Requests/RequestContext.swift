/// A key into ``RequestContext``: a type, so two libraries cannot collide on a name and the
/// value's type is known wherever it is read.
///
/// ```swift
/// enum CurrentUser: ContextKey { typealias Value = String }
/// ```
public protocol ContextKey: SendableMetatype {
    /// The type of the value stored under this key.
    associatedtype Value: Sendable
}

/// Request-scoped storage: guards, before-request hooks and middleware write it, handlers
/// and after-request hooks read it.
///
/// It is a value carried by the ``Request``, so what a guard writes reaches everything
/// after it, and a middleware that changes it for the request it passes on changes it
/// for the inner layers only.
///
/// ```swift continued
/// let signedIn = Guard("signed in", refuses: [.unauthorized]) { request in
///     guard let token = request.headers["Authorization"] else { throw HTTPError(.unauthorized) }
///     request.context[CurrentUser.self] = token
/// }
/// ```
public struct RequestContext: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    /// Empty storage.
    public init() {}

    /// The value stored under `key`, or `nil`.
    public subscript<Key: ContextKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }

    /// Whether nothing is stored.
    public var isEmpty: Bool { values.isEmpty }
}
