import FoundationEssentials
import StrataCodecs
import StrataHTTP

/// The value of a signed session cookie: `payload.mac`, both URL-safe base64. The payload is
/// `{"d":{values},"e":expiry}` in JSON (expiry in Unix seconds, so a copied cookie stops
/// working when the session would have); the MAC covers the cookie's name and the payload, so
/// a value signed for one cookie is not accepted as another.
enum SignedSessionCookie {
    /// `values` signed with `key`, to expire `maxAge` seconds after `now`.
    static func encode(_ values: [String: JSONValue], key: SigningKey, cookieName: String, maxAge: Int, now: Int) throws -> String {
        let document: JSONValue = .object(["d": .object(values), "e": .int(now + maxAge)])
        let payload = Base64URL.encode(try document.jsonBytes())
        return payload + "." + Base64URL.encode(mac(payload, key: key, cookieName: cookieName))
    }

    /// The values of a cookie one of `keys` signed that has not expired; `nil` for anything
    /// else — forged, altered, expired, or signed with a retired key.
    static func decode(_ value: String, keys: [SigningKey], cookieName: String, now: Int) -> [String: JSONValue]? {
        guard let dot = value.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let payload = String(value[..<dot])
        guard let signature = Base64URL.decode(value[value.index(after: dot)...]),
              keys.contains(where: { HMACSHA256.isEqual(mac(payload, key: $0, cookieName: cookieName), signature) }),
              let json = Base64URL.decode(payload),
              case .object(let document)? = try? StrataJSON.makeDecoder().decode(JSONValue.self, from: Data(json)),
              case .int(let expiry)? = document["e"], expiry > now,
              case .object(let values)? = document["d"] else { return nil }
        return values
    }

    private static func mac(_ payload: String, key: SigningKey, cookieName: String) -> [UInt8] {
        HMACSHA256.authenticate(Array("strata-session.\(cookieName).\(payload)".utf8), key: key.bytes)
    }
}
