import FoundationEssentials
import StrataHTTP

/// Why a URL could not be built for a named route.
public struct URLBuildingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the route and the parameter.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The app's named routes, for building their URLs.
final class RouteURLs: Sendable {
    private let templates: [String: PathTemplate]

    init(_ templates: [String: PathTemplate]) {
        self.templates = templates
    }

    /// The percent-encoded path (and query) of the route named `name`.
    func url(for name: String, parameters: [String: any Sendable], query: [(String, String)]) throws(URLBuildingError) -> String {
        guard let template = templates[name] else {
            throw URLBuildingError("no route is named \"\(name)\"")
        }
        var path = ""
        var used = 0
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                path += "/" + PercentEncoding.encode(text, allowing: .pathSegment)
            case .parameter(let parameter, let type):
                // Each segment is percent-encoded, and "." and ".." too: a client would
                // otherwise remove them and the URL would leave the route.
                guard let value = parameters[parameter] else {
                    throw URLBuildingError("route \"\(name)\" (\(template)) needs the parameter \"\(parameter)\"")
                }
                used += 1
                guard let text = Self.text(of: value, as: type) else {
                    throw URLBuildingError("route \"\(name)\" (\(template)): \(value) is not a value of {\(parameter):\(type.rawValue)}")
                }
                if type == .path {
                    path += "/" + text.split(separator: "/", omittingEmptySubsequences: false).map { Self.segment(String($0)) }.joined(separator: "/")
                } else {
                    path += "/" + Self.segment(text)
                }
            }
        }
        if used != parameters.count {
            let declared = Set(template.segments.compactMap { segment -> String? in
                if case .parameter(let name, _) = segment { return name }
                return nil
            })
            let extra = parameters.keys.filter { !declared.contains($0) }.sorted()
            throw URLBuildingError("route \"\(name)\" (\(template)) has no parameter \(extra.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        if path.isEmpty { path = "/" }
        guard !query.isEmpty else { return path }
        return path + "?" + query.map {
            PercentEncoding.encode($0.0, allowing: .formURLEncoded) + "=" + PercentEncoding.encode($0.1, allowing: .formURLEncoded)
        }.joined(separator: "&")
    }

    /// One percent-encoded path segment; a dot segment's dots are encoded (RFC 3986 §6.2.2.3
    /// removes `.` and `..` before a request is sent).
    static func segment(_ text: String) -> String {
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        return PercentEncoding.encode(text, allowing: .pathSegment)
    }

    /// `value` as the text of a `type` parameter, when it is one: the value a request to
    /// the built URL would be matched with.
    static func text(of value: any Sendable, as type: PathParameterType) -> String? {
        var text: String
        switch value {
        case let value as String: text = value
        case let value as Substring: text = String(value)
        case let value as UUID: text = value.uuidString.lowercased()
        case let value as any BinaryInteger: text = "\(value)"
        case let value as Double where value.isFinite: text = "\(value)"
        case let value as Float where value.isFinite: text = "\(value)"
        default: return nil
        }
        let accepted = text.withUTF8 { type.accepts($0) }
        return accepted ? text : nil
    }
}
