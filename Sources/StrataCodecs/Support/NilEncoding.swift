/// How Strata's JSON and MessagePack encoders write an optional property that is `nil`.
///
/// ```swift
/// struct User: Encodable { var name: String; var email: String? }
/// try JSONValueEncoder().encode(User(name: "Ada", email: nil))                    // {"name":"Ada"}
/// try JSONValueEncoder(nilEncoding: .null).encode(User(name: "Ada", email: nil))  // {"name":"Ada","email":null}
/// ```
///
/// Applies to what synthesized `Codable` writes with `encodeIfPresent`; a value's own
/// `encodeNil` is always written.
public enum NilEncoding: Sendable, Hashable {
    /// The key is left out, as Foundation's encoders and synthesized `Codable` do. The default.
    case omitted
    /// The key is written with `null` (MessagePack: nil), so every property is always present.
    case null
}
