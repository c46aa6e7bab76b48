/// What two ends agreed on for permessage-deflate (RFC 7692 §7.1), and the negotiation that
/// gets there from a client's `Sec-WebSocket-Extensions` offers.
package struct WebSocketDeflateParameters: Sendable, Hashable {
    /// The server starts each message with an empty window.
    package var serverNoContextTakeover = false
    /// The client starts each message with an empty window.
    package var clientNoContextTakeover = false
    /// The largest window the server compresses with (its LZ77 sliding window is 2^bits).
    package var serverMaxWindowBits = 15
    /// The largest window the client compresses with.
    package var clientMaxWindowBits = 15

    package init(serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
                 serverMaxWindowBits: Int = 15, clientMaxWindowBits: Int = 15) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// The first acceptable `permessage-deflate` offer in the `Sec-WebSocket-Extensions`
    /// values, or `nil`. An offer with an unknown or repeated parameter, or a bad value, is
    /// declined (§7.1); `requireNoContextTakeover` makes the server forget its window after each
    /// message even if the client did not ask (it saves the compressor's memory between messages).
    package static func negotiate(offers values: [String], requireNoContextTakeover: Bool) -> WebSocketDeflateParameters? {
        for offer in values.flatMap({ $0.split(separator: ",") }) {
            let items = offer.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard items.first?.lowercased() == "permessage-deflate" else { continue }
            if var accepted = accept(items.dropFirst()) {
                if requireNoContextTakeover { accepted.serverNoContextTakeover = true }
                return accepted
            }
        }
        return nil
    }

    private static func accept(_ items: ArraySlice<String>) -> WebSocketDeflateParameters? {
        var result = WebSocketDeflateParameters()
        var seen: Set<String> = []
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " \t") }
            // `permessage-deflate;=` or `; ;`: not a parameter, and not an offer to take.
            guard let first = parts.first, !first.isEmpty else { return nil }
            let name = first.lowercased()
            var value = parts.count == 2 ? parts[1] : nil
            if let quoted = value, quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") {
                value = String(quoted.dropFirst().dropLast())
            }
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "server_no_context_takeover":
                guard value == nil else { return nil }
                result.serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard value == nil else { return nil }
                result.clientNoContextTakeover = true
            case "server_max_window_bits":
                // zlib's raw deflate has no 256-byte window: an offer that insists on 8 is declined.
                guard let value, let bits = windowBits(value), bits >= 9 else { return nil }
                result.serverMaxWindowBits = bits
            case "client_max_window_bits":
                // Without a value the client only says it understands the parameter; our
                // inflater reads any window, so we let it use what it likes.
                if let value {
                    guard let bits = windowBits(value) else { return nil }
                    result.clientMaxWindowBits = bits
                }
            default:
                return nil
            }
        }
        return result
    }

    private static func windowBits(_ text: String) -> Int? {
        guard text.count <= 2, text.allSatisfy({ $0.isASCII && $0.isNumber }), let bits = Int(text), (8...15).contains(bits) else { return nil }
        return bits
    }

    /// The response's extension value: what the server agreed to.
    package var responseValue: String {
        var value = "permessage-deflate"
        if serverNoContextTakeover { value += "; server_no_context_takeover" }
        if clientNoContextTakeover { value += "; client_no_context_takeover" }
        if serverMaxWindowBits < 15 { value += "; server_max_window_bits=\(serverMaxWindowBits)" }
        if clientMaxWindowBits < 15 { value += "; client_max_window_bits=\(clientMaxWindowBits)" }
        return value
    }
}
