/// The grammar of `Forwarded` (RFC 7239 §4) and of the addresses forwarding fields carry.
enum ForwardedField {
    /// The elements of all `values`, each a map of lowercased parameter names to values
    /// (quoted strings unquoted), or `nil` where an element is malformed or names a parameter
    /// twice. A malformed element spoils only itself: reading goes on after the next comma
    /// outside a quoted string (after an unterminated quote, there is none).
    static func elements(of values: [String]) -> [[String: String]?] {
        var elements: [[String: String]?] = []
        for value in values {
            var scanner = HTTPFieldScanner(value)
            while true {
                scanner.skipOWS()
                if scanner.isAtEnd { break }
                // `a, , b`: empty list elements are allowed.
                if scanner.consume(HTTPFieldScanner.comma) { continue }
                let element = pairs(&scanner)
                if element == nil { scanner.skipToNextElement() }
                elements.append(element)
                guard scanner.consume(HTTPFieldScanner.comma) else { break }
            }
        }
        return elements
    }

    /// `forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )`, up to the comma
    /// or the end that ends it.
    private static func pairs(_ scanner: inout HTTPFieldScanner) -> [String: String]? {
        var element: [String: String] = [:]
        while let byte = scanner.current, byte != HTTPFieldScanner.comma {
            if scanner.consume(UInt8(ascii: ";")) {
                scanner.skipOWS()
                continue
            }
            guard let name = scanner.readToken(), scanner.consume(UInt8(ascii: "=")) else { return nil }
            let lowered = ASCII.lowercased(name)
            guard element[lowered] == nil, let parameter = scanner.readTokenOrQuotedString() else { return nil }
            element[lowered] = parameter.value
            guard scanner.isAtElementEnd() || scanner.current == UInt8(ascii: ";") else { return nil }
        }
        return element
    }

    /// A `for`/`by` node (§6): `nodename [ ":" node-port ]`, where the name is an IPv4
    /// address, `[IPv6]`, `unknown` or an obfuscated `_name` (the last two giving `.some(nil)`)
    /// and the port digits or an obfuscated `_port`; `nil` if it is none of these.
    static func node(_ text: String) -> IPAddress?? {
        guard let parts = HostAndPort(text) else { return nil }
        if let port = parts.port, !HostAndPort.isPortNumber(port) && !isObfuscated(port) { return nil }
        if parts.isBracketed { return IPAddress(parts.host).map { .some($0) } }
        guard !parts.host.contains(":") else { return nil }  // IPv6 must be in brackets here
        if ASCII.lowercased(String(parts.host)) == "unknown" || isObfuscated(parts.host) { return .some(nil) }
        return IPAddress(parts.host).map { .some($0) }
    }

    /// `_` and one or more of `ALPHA / DIGIT / "." / "_" / "-"` (§6.3).
    private static func isObfuscated(_ text: Substring) -> Bool {
        text.utf8.first == UInt8(ascii: "_") && text.utf8.count > 1
            && text.utf8.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// An address as proxies write it: `192.0.2.1`, `2001:db8::1`, `[2001:db8::1]`, with or
    /// without `:port`.
    static func address(_ text: String) -> IPAddress? {
        guard let parts = HostAndPort(text) else { return nil }
        if let port = parts.port, !HostAndPort.isPortNumber(port) { return nil }
        return IPAddress(parts.host)
    }

    /// A `Host` value (RFC 9110 §7.2): a name, IPv4 or `[IPv6]`, with an optional port; no
    /// whitespace, path or user info.
    static func isValidHost(_ host: String) -> Bool {
        guard host.utf8.count <= 255, let parts = HostAndPort(host), !parts.host.isEmpty else { return false }
        if let port = parts.port, !HostAndPort.isPortNumber(port) { return false }
        if parts.isBracketed { return IPAddress(parts.host) != nil }
        return parts.host.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || ASCII.lowercased(byte) &- UInt8(ascii: "a") < 26
    }
}
