import StrataHTTP
import StrataCodecs

/// The RFC 9457 problem document Strata sends for errors.
///
/// The standard members come first in a fixed order, then the extension members sorted by
/// name, so a problem has the same bytes every time.
public struct ProblemDetails: Codable, Sendable, Equatable {
    /// A URI naming the problem type; `about:blank` when the status says it all (§4.2.1).
    public var type: String
    /// A short summary of the problem type; the reason phrase for `about:blank`.
    public var title: String
    /// The HTTP status code.
    public var status: Int
    /// An explanation specific to this occurrence.
    public var detail: String?
    /// A URI naming this occurrence.
    public var instance: String?
    /// The extension members, e.g. `errors` for a validation problem.
    public var extensions: [String: JSONValue]

    /// A problem document.
    public init(type: String = "about:blank", title: String, status: Int, detail: String? = nil, instance: String? = nil,
                extensions: [String: JSONValue] = [:]) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.extensions = extensions.filter { !Self.standardMembers.contains($0.key) }
    }

    /// The document for `error`.
    public init(_ error: HTTPError) {
        self.init(type: error.type ?? "about:blank", title: error.status.reasonPhrase, status: error.status.code, detail: error.detail,
                  instance: error.instance, extensions: error.extensions)
    }

    static let standardMembers: Set<String> = ["type", "title", "status", "detail", "instance"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: IndexCodingKey.self)
        type = try container.decodeIfPresent(String.self, forKey: IndexCodingKey(stringValue: "type")) ?? "about:blank"
        title = try container.decodeIfPresent(String.self, forKey: IndexCodingKey(stringValue: "title")) ?? ""
        status = try container.decode(Int.self, forKey: IndexCodingKey(stringValue: "status"))
        detail = try container.decodeIfPresent(String.self, forKey: IndexCodingKey(stringValue: "detail"))
        instance = try container.decodeIfPresent(String.self, forKey: IndexCodingKey(stringValue: "instance"))
        var extensions: [String: JSONValue] = [:]
        for key in container.allKeys where !Self.standardMembers.contains(key.stringValue) {
            extensions[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.extensions = extensions
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: IndexCodingKey.self)
        try container.encode(type, forKey: IndexCodingKey(stringValue: "type"))
        try container.encode(title, forKey: IndexCodingKey(stringValue: "title"))
        try container.encode(status, forKey: IndexCodingKey(stringValue: "status"))
        try container.encodeIfPresent(detail, forKey: IndexCodingKey(stringValue: "detail"))
        try container.encodeIfPresent(instance, forKey: IndexCodingKey(stringValue: "instance"))
        for key in extensions.keys.sorted() where !Self.standardMembers.contains(key) {
            try container.encode(extensions[key], forKey: IndexCodingKey(stringValue: key))
        }
    }

    /// The problem response for `error`: its status and headers, a JSON problem body.
    static func response(for error: HTTPError) -> Response {
        var response = Response(status: error.status, headers: error.headers)
        // A layer's cache-control describes the route's successful answers. RFC 9111 §3 lets a
        // shared cache store any final status with explicit freshness, and a cached 401 or
        // 500 outlives its cause; the problem's own value beats the layers'.
        if error.status.isClientError || error.status.isServerError, !response.headers.contains("Cache-Control") {
            response.headers["Cache-Control"] = "no-store"
        }
        guard error.status.allowsContent else { return response }
        // A struct of strings and an Int always encodes; fall back to no body rather than trap.
        response.body = (try? JSONValueEncoder().encode(ProblemDetails(error))) ?? []
        response.mediaType = .problemJSON
        return response
    }
}
