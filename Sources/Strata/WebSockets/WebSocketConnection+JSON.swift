import FoundationEssentials
import StrataCodecs
import StrataHTTP

extension WebSocketConnection {
    /// Sends `value` as JSON in a text message, encoded like a JSON response.
    ///
    /// ```swift partial
    /// try await socket.send(json: ChatLine(user: "ada", text: "hi"))
    /// ```
    public func send<Value: Encodable>(json value: Value) async throws {
        let bytes = try JSONValueEncoder().encode(value)
        try await send(.text(String(decoding: bytes, as: UTF8.self)))
    }
}

extension WebSocketMessage {
    /// The message's payload decoded from JSON (text or binary).
    public func decode<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        try StrataJSON.makeDecoder().decode(type, from: Data(bytes))
    }
}
