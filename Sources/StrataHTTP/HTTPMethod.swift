/// An HTTP request method (RFC 9110 §9).
///
/// Methods are case-sensitive tokens; the standard ones are static members.
public struct HTTPMethod: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The method name as sent on the wire, e.g. `GET`.
    public let rawValue: String

    /// A method from its name, or `nil` if the name is not an RFC 9110 token.
    public init?(rawValue: String) {
        guard HTTPToken.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A method from a name known to be a token; the standard members use it.
    init(uncheckedName: String) {
        self.rawValue = uncheckedName
    }

    public var description: String { rawValue }

    public static let get = HTTPMethod(uncheckedName: "GET")
    public static let head = HTTPMethod(uncheckedName: "HEAD")
    public static let post = HTTPMethod(uncheckedName: "POST")
    public static let put = HTTPMethod(uncheckedName: "PUT")
    public static let patch = HTTPMethod(uncheckedName: "PATCH")
    public static let delete = HTTPMethod(uncheckedName: "DELETE")
    public static let options = HTTPMethod(uncheckedName: "OPTIONS")
    public static let trace = HTTPMethod(uncheckedName: "TRACE")
    public static let connect = HTTPMethod(uncheckedName: "CONNECT")

    /// The standard methods in the order `Allow` lists them.
    static let canonicalOrder: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options, .trace, .connect]

    /// Sorts methods into one fixed order: the standard ones first, then others by name.
    public static func canonicallySorted(_ methods: some Sequence<HTTPMethod>) -> [HTTPMethod] {
        func rank(_ method: HTTPMethod) -> Int {
            canonicalOrder.firstIndex(of: method) ?? canonicalOrder.count
        }
        return methods.sorted { lhs, rhs in
            let (l, r) = (rank(lhs), rank(rhs))
            return l != r ? l < r : lhs.rawValue < rhs.rawValue
        }
    }
}
