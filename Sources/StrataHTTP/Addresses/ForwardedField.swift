/// The grammar of `Forwarded` (RFC 7239 §4) and of the addresses forwarding fields carry.
enum ForwardedField {
    /// The elements of all `values`, each a map of lowercased parameter names to values
    /// (quoted strings unquoted), or `nil` where an element is malformed or names a parameter
    /// twice. Elements are split at commas outside quoted strings first, so one malformed
    /// element spoils only itself (an unterminated quote, everything after it).
    static func elements(of values: [String]) -> [[String: String]?] {
        var elements: [[String: String]?] = []
        for value in values {
            for chunk in split(Array(value.utf8)) {
                var scanner = Scanner(Array(chunk))
                scanner.skipWhitespace()
                if scanner.isAtEnd { continue }  // `a, , b`: empty list elements are allowed
                elements.append(pairs(&scanner))
            }
        }
        return elements
    }

    /// The list elements of a field value: split at commas outside quoted strings.
    private static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0, quoted = false, escaped = false
        for (index, byte) in bytes.enumerated() {
            if escaped {
                escaped = false
            } else if quoted && byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: ","), !quoted {
                chunks.append(bytes[start..<index])
                start = index + 1
            }
        }
        chunks.append(bytes[start...])
        return chunks
    }

    /// `forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )`, to the end of
    /// the scanner's bytes.
    private static func pairs(_ scanner: inout Scanner) -> [String: String]? {
        var element: [String: String] = [:]
        while let byte = scanner.peek() {
            if byte == UInt8(ascii: ";") {
                scanner.advance()
                scanner.skipWhitespace()
                continue
            }
            guard let name = scanner.token(), scanner.consume(UInt8(ascii: "=")) else { return nil }
            let lowered = ASCII.lowercased(name)
            guard element[lowered] == nil, let parameter = scanner.token() ?? scanner.quotedString() else { return nil }
            element[lowered] = parameter
            scanner.skipWhitespace()
            guard let next = scanner.peek() else { break }
            guard next == UInt8(ascii: ";") else { return nil }
        }
        return element
    }

    /// A `for`/`by` node (§6): `nodename [ ":" node-port ]`, where the name is an IPv4
    /// address, `[IPv6]`, `unknown` or an obfuscated `_name` (the last two giving `.some(nil)`)
    /// and the port digits or an obfuscated `_port`; `nil` if it is none of these.
    static func node(_ text: String) -> IPAddress?? {
        var name = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || isNodePort(rest) else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close]).map { .some($0) }
        }
        if let colon = text.firstIndex(of: ":") {
            guard isNodePort(text[colon...]) else { return nil }
            name = text[..<colon]
        }
        if ASCII.lowercased(String(name)) == "unknown" { return .some(nil) }
        if isObfuscated(name) { return .some(nil) }
        return IPAddress(name).map { .some($0) }
    }

    /// `_` and one or more of `ALPHA / DIGIT / "." / "_" / "-"` (§6.3).
    private static func isObfuscated(_ text: Substring) -> Bool {
        text.utf8.first == UInt8(ascii: "_") && text.utf8.count > 1
            && text.utf8.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// `:` and a port, or an obfuscated port.
    private static func isNodePort(_ text: Substring) -> Bool {
        isPort(text) || (text.utf8.first == UInt8(ascii: ":") && isObfuscated(text.dropFirst()))
    }

    /// An address as proxies write it: `192.0.2.1`, `2001:db8::1`, `[2001:db8::1]`, with or
    /// without `:port`.
    static func address(_ text: String) -> IPAddress? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || isPort(rest) else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.utf8.count { $0 == UInt8(ascii: ":") }
        if colons == 1, let colon = text.firstIndex(of: ":") {
            guard isPort(text[colon...]) else { return nil }
            return IPAddress(text[..<colon])
        }
        return IPAddress(text)
    }

    /// `:` and 1–5 digits.
    private static func isPort(_ text: Substring) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.utf8.first == UInt8(ascii: ":") && (1...5).contains(digits.count) && digits.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }

    /// A `Host` value (RFC 9110 §7.2): a name, IPv4 or `[IPv6]`, with an optional port; no
    /// whitespace, path or user info.
    static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 255 else { return false }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]"), IPAddress(host[host.index(after: host.startIndex)..<close]) != nil else { return false }
            let rest = host[host.index(after: close)...]
            return rest.isEmpty || isPort(rest)
        }
        var name = Substring(host)
        if let colon = host.firstIndex(of: ":") {
            guard isPort(host[colon...]) else { return false }
            name = host[..<colon]
        }
        return !name.isEmpty && name.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || ASCII.lowercased(byte) &- UInt8(ascii: "a") < 26
    }

    /// Reads tokens and quoted strings (RFC 9110 §5.6.2, §5.6.4).
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func advance() { index += 1 }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
        }

        mutating func token() -> String? {
            let start = index
            while let byte = peek(), HTTPToken.isTokenCharacter(byte) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        mutating func quotedString() -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            var value: [UInt8] = []
            while let byte = peek() {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: value, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek(), escaped == 0x09 || escaped >= 0x20 && escaped != 0x7F else { return nil }
                    index += 1
                    value.append(escaped)
                case 0x09, 0x20...0x7E, 0x80...0xFF:
                    value.append(byte)
                default:
                    return nil
                }
            }
            return nil
        }
    }
}
