/// The status code of a WebSocket close (RFC 6455 §7.4, and the IANA registry).
///
/// ```swift partial
/// await socket.close(.policyViolation, reason: "not in this room")
/// ```
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// A code; ``isSendable`` tells whether it may go on the wire.
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose is fulfilled.
    public static let normalClosure = WebSocketCloseCode(1000)
    /// 1001: the server is shutting down, or a browser leaves the page.
    public static let goingAway = WebSocketCloseCode(1001)
    /// 1002: the peer broke the protocol.
    public static let protocolError = WebSocketCloseCode(1002)
    /// 1003: a kind of data the endpoint cannot take (e.g. binary where only text is read).
    public static let unsupportedData = WebSocketCloseCode(1003)
    /// 1005: the peer's close frame had no code. Reported, never sent.
    public static let noStatusReceived = WebSocketCloseCode(1005)
    /// 1006: the connection ended without a close frame. Reported, never sent.
    public static let abnormalClosure = WebSocketCloseCode(1006)
    /// 1007: a text message that is not UTF-8.
    public static let invalidFramePayloadData = WebSocketCloseCode(1007)
    /// 1008: a message breaks the endpoint's policy.
    public static let policyViolation = WebSocketCloseCode(1008)
    /// 1009: a frame or message over the size limit (or one that inflates past it).
    public static let messageTooBig = WebSocketCloseCode(1009)
    /// 1010: the client needed an extension the server did not agree to.
    public static let mandatoryExtension = WebSocketCloseCode(1010)
    /// 1011: the server met an error (the handler threw).
    public static let internalError = WebSocketCloseCode(1011)
    /// 1012: the service restarts.
    public static let serviceRestart = WebSocketCloseCode(1012)
    /// 1013: try again later.
    public static let tryAgainLater = WebSocketCloseCode(1013)

    /// Whether the code may be sent in a close frame: the registered codes 1000–1003 and
    /// 1007–1014, and 3000–4999 (libraries and applications). 1005, 1006 and 1015 only
    /// report what happened locally.
    public var isSendable: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    public var description: String { String(rawValue) }
}
