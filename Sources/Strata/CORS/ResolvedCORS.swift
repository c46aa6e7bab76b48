import StrataHTTP

/// A ``CORS`` policy checked and prepared when the app is built: origins parsed into exact
/// ones and subdomain patterns, the fields it sends written once.
struct ResolvedCORS: Sendable {
    /// An allowed `scheme://*.suffix[:port]`.
    struct SubdomainPattern: Sendable, Hashable {
        let scheme: String
        /// `.example.com`, lowercased.
        let suffix: String
        /// `:8443`, or empty.
        let port: String
    }

    let allowsAnyOrigin: Bool
    /// Lowercased serialized origins.
    let exactOrigins: Set<String>
    let patterns: [SubdomainPattern]
    let methods: Set<HTTPMethod>?
    /// Lowercased names; `nil` allows any.
    let headers: Set<String>?
    let exposedHeaders: String?
    let allowsCredentials: Bool
    let maxAge: String?
    /// Whether the answer to an actual request does not depend on its origin (`*`): the one
    /// case without `Vary: Origin`.
    var isUniform: Bool { allowsAnyOrigin && !allowsCredentials }

    /// The policy, or what is wrong with it.
    static func resolve(_ cors: CORS) -> Result<ResolvedCORS, CORSProblems> {
        var problems: [String] = []
        var any = false
        var exact = Set<String>()
        var patterns: [SubdomainPattern] = []
        switch cors.origins {
        case .any:
            any = true
        case .list(let origins):
            for origin in origins {
                if origin == "*" {
                    any = true
                } else if origin == "null" {
                    exact.insert("null")
                } else if let pattern = Self.pattern(origin) {
                    patterns.append(pattern)
                } else if let exactOrigin = Self.exactOrigin(origin) {
                    exact.insert(exactOrigin)
                } else {
                    problems.append("cors: \"\(origin)\" is not an origin (scheme://host[:port], no path) or a pattern such as https://*.example.com")
                }
            }
        }
        var headers: Set<String>?
        if case .list(let names) = cors.headers {
            headers = []
            for name in names {
                if HTTPToken.isValid(name) { headers?.insert(name.lowercased()) } else { problems.append("cors: \"\(name)\" is not a header name") }
            }
        }
        for name in cors.exposedHeaders where !HTTPToken.isValid(name) {
            problems.append("cors: exposed header \"\(name)\" is not a header name")
        }
        if let maxAge = cors.maxAge, maxAge < 0 {
            problems.append("cors: maxAge \(maxAge) is negative")
        }
        guard problems.isEmpty else { return .failure(CORSProblems(messages: problems)) }
        return .success(ResolvedCORS(
            allowsAnyOrigin: any, exactOrigins: exact, patterns: patterns, methods: cors.methods.map(Set.init),
            headers: headers, exposedHeaders: cors.exposedHeaders.isEmpty ? nil : cors.exposedHeaders.joined(separator: ", "),
            allowsCredentials: cors.allowsCredentials, maxAge: cors.maxAge.map(String.init)))
    }

    /// Whether `origin` (an `Origin` field's value) may read responses.
    func allows(origin: String) -> Bool {
        if allowsAnyOrigin { return true }
        // Browsers send origins in lowercase: the lowercased copy is for anything else.
        if exactOrigins.contains(origin) { return true }
        let origin = origin.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? origin.lowercased() : origin
        if exactOrigins.contains(origin) { return true }
        guard !patterns.isEmpty, let parsed = Self.split(origin) else { return false }
        return patterns.contains { pattern in
            parsed.scheme == pattern.scheme && parsed.port == pattern.port && parsed.host.hasSuffix(pattern.suffix)
                && parsed.host.utf8.count > pattern.suffix.utf8.count && !parsed.host.hasPrefix(".")
        }
    }

    /// The `Access-Control-Allow-Origin` value for an allowed origin.
    func allowOriginValue(for origin: String) -> String {
        isUniform ? "*" : origin
    }

    /// `origin` lowercased if it is a serialized origin `scheme://host[:port]`.
    static func exactOrigin(_ origin: String) -> String? {
        guard let parts = split(origin.lowercased()), !parts.host.contains("*") else { return nil }
        return origin.lowercased()
    }

    static func pattern(_ origin: String) -> SubdomainPattern? {
        guard let parts = split(origin.lowercased()), parts.host.hasPrefix("*."), !parts.host.dropFirst().contains("*"),
              parts.host.utf8.count > 2 else { return nil }
        return SubdomainPattern(scheme: parts.scheme, suffix: String(parts.host.dropFirst()), port: parts.port)
    }

    /// The scheme, host and `:port` (or empty) of a lowercased origin; `nil` for anything with
    /// a path, userinfo, query, an empty host or a malformed port.
    static func split(_ origin: String) -> (scheme: String, host: String, port: String)? {
        guard let colon = origin.firstIndex(of: ":"), origin[colon...].hasPrefix("://") else { return nil }
        let scheme = origin[..<colon]
        let authority = origin[origin.index(colon, offsetBy: 3)...]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
              !authority.isEmpty, !authority.contains(where: { "/?#@ \\".contains($0) }) else { return nil }
        var host = authority
        var port = ""
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let digits = authority[authority.index(after: colon)...]
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            host = authority[..<colon]
            port = ":" + digits
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.*[]:_".contains($0)) }) else { return nil }
        return (String(scheme), String(host), port)
    }
}

/// What is wrong with a ``CORS`` policy, for the build error.
struct CORSProblems: Error {
    let messages: [String]
}
