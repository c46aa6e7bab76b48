import FoundationEssentials

/// The server's side of the opening handshake (RFC 6455 §4.2): checks a request, and agrees
/// on the subprotocol and permessage-deflate.
package enum WebSocketHandshake {
    /// The GUID every server appends to the client's key (§1.3).
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Accept` for `key`: base64 of the SHA-1 of key and GUID.
    package static func acceptValue(for key: String) -> String {
        Data(SHA1.hash(Array((key + guid).utf8))).base64EncodedString()
    }

    /// What the handshake came to.
    package enum Outcome: Sendable {
        /// The fields of the 101 (`Upgrade`, `Connection`, `Sec-WebSocket-Accept`, and the
        /// agreed protocol and extension) and what was agreed.
        case accept(headers: HTTPHeaders, subprotocol: String?, deflate: WebSocketDeflateParameters?)
        /// Not a handshake this server takes: the status, the fields to send with it, and why.
        case refuse(HTTPStatus, headers: HTTPHeaders, reason: String)
    }

    /// Checks `request` as a WebSocket opening handshake.
    ///
    /// A plain GET without `Upgrade: websocket` gets `426 Upgrade Required` naming the
    /// protocol (RFC 9110 §15.5.22); a version other than 13 gets 426 with
    /// `Sec-WebSocket-Version: 13` (§4.4); a request that says it upgrades but gets the rest
    /// wrong gets 400.
    package static func negotiate(method: HTTPMethod, version: HTTPVersion, headers requestHeaders: HTTPHeaders, hasContent: Bool,
                                  options: WebSocketOptions) -> Outcome {
        let upgrade = headerTokens(requestHeaders, "Upgrade")
        guard upgrade.contains("websocket") else {
            return .refuse(.upgradeRequired, headers: ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"],
                           reason: "this resource speaks WebSocket: the request needs Upgrade: websocket")
        }
        guard method == .get else {
            return .refuse(.badRequest, headers: [:], reason: "a WebSocket handshake is a GET request")
        }
        guard version == .http1_1 else {
            return .refuse(.badRequest, headers: [:], reason: "a WebSocket handshake needs HTTP/1.1")
        }
        guard headerTokens(requestHeaders, "Connection").contains("upgrade") else {
            return .refuse(.badRequest, headers: [:], reason: "a WebSocket handshake needs Connection: Upgrade")
        }
        guard requestHeaders.values(for: "Sec-WebSocket-Version").map({ Substring($0).trimmingCharacters(in: " \t") }) == ["13"] else {
            return .refuse(.upgradeRequired, headers: ["Sec-WebSocket-Version": "13"],
                           reason: "this server speaks WebSocket version 13 only")
        }
        let keys = requestHeaders.values(for: "Sec-WebSocket-Key")
        guard keys.count == 1, let key = keys.first.map({ Substring($0).trimmingCharacters(in: " \t") }),
              let nonce = Data(base64Encoded: key), nonce.count == 16 else {
            return .refuse(.badRequest, headers: [:], reason: "Sec-WebSocket-Key must be one base64-encoded 16-byte value")
        }
        // Any framing at all — even an empty chunked body — would leave bytes of content where
        // the first frame is read.
        let length = requestHeaders["Content-Length"].map { Substring($0).trimmingCharacters(in: " \t") }
        if hasContent || requestHeaders.contains("Transfer-Encoding") || (length != nil && length != "0") {
            return .refuse(.badRequest, headers: [:], reason: "a WebSocket handshake has no content")
        }
        var headers: HTTPHeaders = ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": acceptValue(for: key)]
        let offered = requestHeaders.values(for: "Sec-WebSocket-Protocol")
            .flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: " \t") } }
        let subprotocol = options.subprotocols.first { offered.contains($0) }
        if let subprotocol { headers.add("Sec-WebSocket-Protocol", subprotocol) }
        var deflate: WebSocketDeflateParameters?
        if let compression = options.compression {
            deflate = WebSocketDeflateParameters.negotiate(offers: requestHeaders.values(for: "Sec-WebSocket-Extensions"),
                                                           requireNoContextTakeover: !compression.contextTakeover)
            if let deflate { headers.add("Sec-WebSocket-Extensions", deflate.responseValue) }
        }
        return .accept(headers: headers, subprotocol: subprotocol, deflate: deflate)
    }

    /// The comma-separated tokens of every `name` field, lowercased.
    private static func headerTokens(_ headers: HTTPHeaders, _ name: String) -> [String] {
        headers.values(for: name).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: " \t").lowercased() } }
    }
}
