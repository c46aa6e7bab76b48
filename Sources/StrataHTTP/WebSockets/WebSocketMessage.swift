/// One whole message, its fragments joined (RFC 6455 §5.4).
///
/// ```swift partial
/// for await message in socket.messages {
///     if case .text(let text) = message { try await socket.send(text.uppercased()) }
/// }
/// ```
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message, checked to be UTF-8 as it arrived.
    case text(String)
    /// A binary message.
    case binary([UInt8])

    /// The text of a text message; `nil` for binary.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The bytes on the wire: a text message's UTF-8, a binary message's bytes.
    public var bytes: [UInt8] {
        switch self {
        case .text(let text): return Array(text.utf8)
        case .binary(let bytes): return bytes
        }
    }
}
