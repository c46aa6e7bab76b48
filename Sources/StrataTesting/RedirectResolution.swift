/// Resolves a `Location` against the request it answers (RFC 3986 §5.2), for the test client.
enum RedirectResolution {
    /// The origin-form target `location` points to, or `nil` when it leaves the client's
    /// host, scheme or port.
    static func target(_ location: String, from current: String, host: String, isSecure: Bool) -> String? {
        if let rest = afterAuthorityPrefix(of: location, isSecure: isSecure) {
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd].lowercased()
            let expected = host.lowercased()
            let defaultPort = isSecure ? ":443" : ":80"
            guard authority == expected || authority == expected + defaultPort else { return nil }
            let path = String(rest[authorityEnd...])
            let target = path.isEmpty ? "/" : path.hasPrefix("/") ? path : "/" + path
            return strippingFragment(target)
        }
        if location.contains("://") { return nil }  // Another scheme.
        let currentPath = String(current.prefix { $0 != "?" })
        if location.hasPrefix("/") { return strippingFragment(removingDotSegments(location)) }
        if location.hasPrefix("?") { return strippingFragment(currentPath + location) }
        if location.isEmpty || location.hasPrefix("#") { return current }
        // A relative path: merged with the current path's directory (§5.2.3).
        let directory = currentPath.lastIndex(of: "/").map { String(currentPath[...$0]) } ?? "/"
        return strippingFragment(removingDotSegments(directory + location))
    }

    /// What follows `http://`, `https://` (the client's own scheme only) or `//`; `nil` for
    /// a reference without an authority.
    private static func afterAuthorityPrefix(of location: String, isSecure: Bool) -> Substring? {
        if location.hasPrefix("//") { return location.dropFirst(2) }
        let scheme = isSecure ? "https://" : "http://"
        guard location.count > scheme.count, location.prefix(scheme.count).lowercased() == scheme else { return nil }
        return location.dropFirst(scheme.count)
    }

    private static func strippingFragment(_ target: String) -> String {
        String(target.prefix { $0 != "#" })
    }

    /// RFC 3986 §5.2.4, on the path part; the query is kept as it is.
    static func removingDotSegments(_ target: String) -> String {
        let queryStart = target.firstIndex(of: "?") ?? target.endIndex
        var output: [Substring] = []
        let segments = target[..<queryStart].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/") + target[queryStart...]
    }
}
