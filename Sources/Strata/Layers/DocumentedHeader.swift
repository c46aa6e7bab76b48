/// A response header described for the API documentation, which Strata never sends.
///
/// It is a type of its own, not an ``HTTPHeaders`` entry, so no value of it can reach the
/// wire: use it for headers a proxy or another component adds.
public struct DocumentedHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// What the header means.
    public var description: String
    /// Whether every response carries it.
    public var isRequired: Bool

    /// A documented header.
    public init(_ name: String, description: String = "", isRequired: Bool = false) {
        self.name = name
        self.description = description
        self.isRequired = isRequired
    }
}

/// A response cookie described for the API documentation, which Strata never sends.
public struct DocumentedCookie: Sendable, Hashable {
    /// The cookie name.
    public var name: String
    /// What the cookie holds.
    public var description: String

    /// A documented cookie.
    public init(_ name: String, description: String = "") {
        self.name = name
        self.description = description
    }
}
