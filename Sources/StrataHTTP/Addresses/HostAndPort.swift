/// `host [ ":" port ]` as `Host`, forwarding fields and allowed-host patterns write it: an
/// IPv6 address in brackets, anything else up to its only colon. Each caller checks the parts
/// by its own grammar.
package struct HostAndPort {
    /// The host, without brackets.
    package let host: Substring
    /// Whether the host was in brackets (an IPv6 literal).
    package let isBracketed: Bool
    /// What follows the colon, if there is one (possibly empty).
    package let port: Substring?

    /// The parts of `text`; `nil` when a bracket is not closed or is followed by anything but
    /// a colon and a port. Text with two colons or more and no brackets is a host alone (a bare
    /// IPv6 address, which some proxies write).
    package init?(_ text: some StringProtocol) {
        let text = Substring(text)
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.first == ":" else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            isBracketed = true
            port = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = text.firstIndex(of: ":"), colon == text.lastIndex(of: ":") {
            host = text[..<colon]
            isBracketed = false
            port = text[text.index(after: colon)...]
        } else {
            host = text
            isBracketed = false
            port = nil
        }
    }

    /// Whether `port` is 1–5 ASCII digits.
    package static func isPortNumber(_ port: Substring) -> Bool {
        (1...5).contains(port.utf8.count) && port.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }
}
