/// A media type such as `application/json; charset=utf-8` (RFC 9110 §8.3.1).
///
/// Type, subtype and parameter names are kept lowercased because they compare
/// case-insensitively; parameter values keep their case and their order.
/// ```swift
/// let type = MediaType("Text/HTML; Charset=\"UTF-8\"")
/// type?.description   // "text/html; charset=UTF-8"
/// type?.charset       // "utf-8"
/// ```
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    /// One `name=value` parameter of a media type.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name, always lowercased (RFC 9110 §5.6.6: names are case-insensitive).
        public var name: String {
            didSet { name = name.lowercased() }
        }
        /// The value as written, with any quoting and quoted-pairs already removed.
        public var value: String

        /// A parameter; `name` is lowercased.
        public init(name: String, value: String) {
            self.name = name.lowercased()
            self.value = value
        }

        /// Names compare case-insensitively; values exactly, except `charset` values,
        /// which are case-insensitive (RFC 9110 §8.3.2).
        public static func == (lhs: Parameter, rhs: Parameter) -> Bool {
            lhs.name == rhs.name && lhs.comparableValue == rhs.comparableValue
        }

        /// Hashes the name and the comparable value, consistent with `==`.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(comparableValue)
        }

        var comparableValue: String {
            name == "charset" ? value.lowercased() : value
        }
    }

    /// The top-level type, lowercased, e.g. `application`; `*` in a media range.
    public var type: String {
        didSet { type = type.lowercased() }
    }
    /// The subtype, lowercased, e.g. `problem+json`; `*` in a media range.
    public var subtype: String {
        didSet { subtype = subtype.lowercased() }
    }
    /// The parameters in the order they were written or given.
    public var parameters: [Parameter]

    /// A media type from its parts; `type` and `subtype` are lowercased, nothing is validated.
    public init(type: String, subtype: String, parameters: [Parameter] = []) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// `type/subtype` without parameters, e.g. `text/html`.
    public var essence: String { "\(type)/\(subtype)" }

    /// The wire form: `type/subtype; name=value`, values quoted when they are not tokens.
    ///
    /// Quoting escapes `"` and `\`; control characters other than HTAB cannot be
    /// carried by a field value at all and are dropped from values.
    public var description: String {
        var result = essence
        for parameter in parameters {
            result += "; \(parameter.name)=\(HTTPQuotedString.tokenOrQuoted(parameter.value))"
        }
        return result
    }

    /// The first parameter named `name` (case-insensitive), as written.
    public func parameter(_ name: String) -> String? {
        let name = name.lowercased()
        return parameters.first { $0.name == name }?.value
    }

    /// The `charset` parameter, lowercased (charset names are case-insensitive, RFC 9110 §8.3.2).
    public var charset: String? {
        parameter("charset")?.lowercased()
    }

    /// A copy whose `charset` is `charset`: an existing one is replaced in place, else it is appended.
    public func withCharset(_ charset: String) -> MediaType {
        var copy = self
        guard let first = copy.parameters.firstIndex(where: { $0.name == "charset" }) else {
            copy.parameters.append(Parameter(name: "charset", value: charset))
            return copy
        }
        copy.parameters[first].value = charset
        // A second charset would contradict the first; keep exactly one.
        copy.parameters = copy.parameters.enumerated()
            .filter { $0.offset == first || $0.element.name != "charset" }
            .map(\.element)
        return copy
    }

    /// Equal when type and subtype match and the parameters are the same set, in any order.
    ///
    /// RFC 9110 §8.3.1 gives parameter order no meaning, so `a=1; b=2` equals `b=2; a=1`.
    public static func == (lhs: MediaType, rhs: MediaType) -> Bool {
        lhs.type == rhs.type && lhs.subtype == rhs.subtype
            && lhs.parameters.count == rhs.parameters.count
            && lhs.sortedComparableParameters.elementsEqual(rhs.sortedComparableParameters) { $0 == $1 }
    }

    /// Hashes type, subtype and the sorted parameters, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(subtype)
        hasher.combine(parameters.count)
        for (name, value) in sortedComparableParameters {
            hasher.combine(name)
            hasher.combine(value)
        }
    }

    /// Parameters normalized for comparison and sorted, so order does not matter.
    private var sortedComparableParameters: [(String, String)] {
        parameters.map { ($0.name, $0.comparableValue) }.sorted { $0 < $1 }
    }
}

extension MediaType {
    /// `application/json`.
    public static let json = MediaType(type: "application", subtype: "json")
    /// `application/problem+json`, for RFC 9457 problem details.
    public static let problemJSON = MediaType(type: "application", subtype: "problem+json")
    /// `text/plain` (no charset: add one with `withCharset(_:)`).
    public static let plainText = MediaType(type: "text", subtype: "plain")
    /// `text/html`.
    public static let html = MediaType(type: "text", subtype: "html")
    /// `text/css`.
    public static let css = MediaType(type: "text", subtype: "css")
    /// `application/xml` (RFC 7303).
    public static let xml = MediaType(type: "application", subtype: "xml")
    /// `text/javascript`, the registered form since RFC 9239 obsoleted `application/javascript`.
    public static let javascript = MediaType(type: "text", subtype: "javascript")
    /// `application/octet-stream`, for arbitrary bytes.
    public static let octetStream = MediaType(type: "application", subtype: "octet-stream")
    /// `application/msgpack`.
    public static let messagePack = MediaType(type: "application", subtype: "msgpack")
    /// `application/x-www-form-urlencoded`, the default HTML form encoding.
    public static let formURLEncoded = MediaType(type: "application", subtype: "x-www-form-urlencoded")
    /// `multipart/form-data` (RFC 7578); the `boundary` parameter is added per message.
    public static let multipartFormData = MediaType(type: "multipart", subtype: "form-data")
    /// `text/event-stream`, for server-sent events.
    public static let eventStream = MediaType(type: "text", subtype: "event-stream")
    /// `*/*`, the media range that matches everything.
    public static let any = MediaType(type: "*", subtype: "*")
}
