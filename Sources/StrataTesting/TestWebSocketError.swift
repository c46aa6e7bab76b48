import Strata

/// Why a test's WebSocket step failed.
public enum TestWebSocketError: Error, Sendable, CustomStringConvertible {
    /// The app answered the handshake with something other than 101; the response says why.
    case refused(TestResponse)
    /// The 101 was not a valid handshake answer (a wrong `Sec-WebSocket-Accept`).
    case invalidHandshake(String)
    /// Nothing arrived within the time the test allowed.
    case timedOut(Duration)
    /// The connection closed instead of delivering a message.
    case closed(WebSocketCloseCode?)
    /// A message of the other kind arrived (binary where text was expected, or the reverse).
    case unexpectedMessage(WebSocketMessage)

    public var description: String {
        switch self {
        case .refused(let response): return "the WebSocket handshake was refused with \(response.status.code): \(response.text)"
        case .invalidHandshake(let reason): return "invalid WebSocket handshake: \(reason)"
        case .timedOut(let duration): return "no WebSocket message within \(duration)"
        case .closed(let code): return "the WebSocket closed" + (code.map { " with \($0)" } ?? "")
        case .unexpectedMessage(let message): return "unexpected WebSocket message: \(message)"
        }
    }
}
