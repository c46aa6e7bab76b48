import StrataHTTP

/// The hosts an app answers for: a request whose `Host` (or, behind a trusted proxy, the host
/// the proxy names) is not one of them gets 400 before any route sees it — so a forged `Host`
/// cannot reach links the app builds from it (``Request/absoluteURL(_:)``, password-reset mail)
/// or caches keyed on it.
///
/// ```swift
/// let app = App(allowedHosts: ["books.example.com", "*.books.example.com", "localhost"], routes: [
///     Get("/") { _ in "Hello" },
/// ])
/// ```
///
/// A pattern is a host name or address (`books.example.com`, `127.0.0.1`, `[::1]`), `*.` and a
/// name for its subdomains (not the name itself), or `*` for any. Matching ignores case, the
/// port and a trailing dot.
public struct AllowedHosts: Sendable, ExpressibleByArrayLiteral {
    /// The patterns, as given.
    public let patterns: [String]
    private let exact: Set<String>
    private let suffixes: [String]
    private let any: Bool
    /// Patterns that are not a host, a `*.` pattern or `*`; building an app with any fails.
    let invalid: [String]

    /// The hosts matching `patterns`.
    public init(_ patterns: [String]) {
        self.patterns = patterns
        var exact = Set<String>(), suffixes: [String] = [], any = false, invalid: [String] = []
        for pattern in patterns {
            let lowered = pattern.lowercased()
            if lowered == "*" {
                any = true
            } else if lowered.hasPrefix("*."), let name = Self.name(String(lowered.dropFirst(2))), !name.contains(":") {
                suffixes.append("." + name)
            } else if let name = Self.name(lowered) {
                exact.insert(name)
            } else {
                invalid.append(pattern)
            }
        }
        self.exact = exact
        self.suffixes = suffixes
        self.any = any
        self.invalid = invalid
    }

    /// The hosts matching the listed patterns: `["books.example.com", "*.example.com"]`.
    public init(arrayLiteral patterns: String...) {
        self.init(patterns)
    }

    /// Whether a request naming `host` (a `Host` value, with or without its port) is answered.
    public func allows(_ host: String?) -> Bool {
        if any { return true }
        guard let host, let bare = Self.withoutPort(host.lowercased()), let name = Self.name(bare) else { return false }
        return exact.contains(name) || suffixes.contains { name.hasSuffix($0) }
    }

    /// `host` without `:port` (digits, possibly none: RFC 3986 §3.2.3); an IPv6 literal keeps
    /// no brackets. `nil` when what follows the name is not a port.
    static func withoutPort(_ host: String) -> String? {
        guard let parts = HostAndPort(host) else { return nil }
        if let port = parts.port, !port.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) { return nil }
        return String(parts.host)
    }

    /// A lowercased host name or address in the form it is compared in (no brackets, no
    /// trailing dot), or `nil` if it is neither.
    static func name(_ text: String) -> String? {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty, text.utf8.count <= 253 else { return nil }
        if text.contains(":") { return IPAddress(text)?.description }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy {
                $0 &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
            }
        }
        return valid ? text : nil
    }
}
