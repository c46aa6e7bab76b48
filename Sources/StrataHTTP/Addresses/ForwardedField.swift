/// The grammar of `Forwarded` (RFC 7239 §4) and of the addresses forwarding fields carry.
enum ForwardedField {
    /// The elements of all `values`, each a map of lowercased parameter names to values
    /// (quoted strings unquoted); `nil` if any is malformed or names a parameter twice.
    static func parse(_ values: [String]) -> [[String: String]]? {
        var elements: [[String: String]] = []
        for value in values {
            var scanner = Scanner(Array(value.utf8))
            while true {
                var element: [String: String] = [:]
                scanner.skipWhitespace()
                // forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
                while let byte = scanner.peek(), byte != UInt8(ascii: ",") {
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
                    guard next == UInt8(ascii: ";") || next == UInt8(ascii: ",") else { return nil }
                }
                if !element.isEmpty { elements.append(element) }
                guard scanner.consume(UInt8(ascii: ",")) else { break }
            }
            guard scanner.isAtEnd else { return nil }
        }
        return elements
    }

    /// A `for`/`by` node (§6): an address, `[IPv6]`, either with `:port`, or `unknown` or an
    /// obfuscated `_name` (`.some(nil)`); `nil` if it is none of these.
    static func node(_ text: String) -> IPAddress?? {
        if ASCII.lowercased(text) == "unknown" { return .some(nil) }
        if text.hasPrefix("_") {
            let valid = text.utf8.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
            return valid && text.utf8.count > 1 ? .some(nil) : nil
        }
        return address(text).map { .some($0) }
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
