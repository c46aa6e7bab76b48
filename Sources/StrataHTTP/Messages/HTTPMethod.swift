/// An HTTP request method (RFC 9110 §9).
///
/// Methods are case-sensitive tokens; the standard ones are static members.
public struct HTTPMethod: Sendable, Hashable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
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

    /// A method written as a literal, e.g. `"PURGE"`; a literal that is not a token is a
    /// programming error and stops the program.
    public init(stringLiteral value: String) {
        precondition(HTTPToken.isValid(value), "\"\(value)\" is not an HTTP method: methods are RFC 9110 tokens")
        self.rawValue = value
    }

    public var description: String { rawValue }

    /// GET: transfer a representation (RFC 9110 §9.3.1).
    public static let get = HTTPMethod(uncheckedName: "GET")
    /// HEAD: GET without content (§9.3.2).
    public static let head = HTTPMethod(uncheckedName: "HEAD")
    /// POST: process the enclosed content (§9.3.3).
    public static let post = HTTPMethod(uncheckedName: "POST")
    /// PUT: replace the target's state (§9.3.4).
    public static let put = HTTPMethod(uncheckedName: "PUT")
    /// PATCH: apply partial changes (RFC 5789).
    public static let patch = HTTPMethod(uncheckedName: "PATCH")
    /// DELETE: remove the target's state (§9.3.5).
    public static let delete = HTTPMethod(uncheckedName: "DELETE")
    /// OPTIONS: describe the communication options (§9.3.7).
    public static let options = HTTPMethod(uncheckedName: "OPTIONS")
    /// TRACE: loop the request back (§9.3.8).
    public static let trace = HTTPMethod(uncheckedName: "TRACE")
    /// CONNECT: establish a tunnel (§9.3.6).
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
