/// A set of web origins as policies list them — `scheme://host[:port]` exactly, `*.` before a
/// host for its subdomains, `"*"` for any, `"null"` for the opaque origin — parsed once at
/// build and matched against `Origin` fields. ``CORS`` and ``CSRF`` share it, so one spelling
/// means the same origins in both.
struct OriginList: Sendable {
    /// An allowed `scheme://*.suffix[:port]`.
    struct SubdomainPattern: Sendable, Hashable {
        let scheme: String
        /// `.example.com`, lowercased.
        let suffix: String
        /// `:8443`, or empty.
        let port: String
    }

    let allowsAny: Bool
    /// Lowercased serialized origins.
    let exact: Set<String>
    let patterns: [SubdomainPattern]
    /// The entries that are none of the above; a policy with any is a build error.
    let invalid: [String]

    init(_ origins: [String]) {
        var any = false
        var exact = Set<String>()
        var patterns: [SubdomainPattern] = []
        var invalid: [String] = []
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
                invalid.append(origin)
            }
        }
        allowsAny = any
        self.exact = exact
        self.patterns = patterns
        self.invalid = invalid
    }

    /// Every origin.
    static let any = OriginList(["*"])

    /// The build error's line for each invalid entry, prefixed with the policy's name.
    func problems(policy: String) -> [String] {
        invalid.map { "\(policy): \"\($0)\" is not an origin (scheme://host[:port], no path) or a pattern such as https://*.example.com" }
    }

    /// Whether `origin` (an `Origin` field's value) is in the list.
    func contains(_ origin: String) -> Bool {
        if allowsAny { return true }
        // Browsers send origins in lowercase: the lowercased copy is for anything else.
        if exact.contains(origin) { return true }
        let origin = origin.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? origin.lowercased() : origin
        if exact.contains(origin) { return true }
        guard !patterns.isEmpty, let parsed = Self.split(origin) else { return false }
        return patterns.contains { pattern in
            parsed.scheme == pattern.scheme && parsed.port == pattern.port && parsed.host.hasSuffix(pattern.suffix)
                && parsed.host.utf8.count > pattern.suffix.utf8.count && !parsed.host.hasPrefix(".")
        }
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
