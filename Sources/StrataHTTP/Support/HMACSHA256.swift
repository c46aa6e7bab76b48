/// HMAC-SHA256 (RFC 2104, FIPS 198-1), for signing values the server hands to clients and
/// must recognise when they come back — session cookies.
///
/// SHA-256's compression has no branch or table lookup that depends on the data, so the MAC
/// takes the same time for every key and message of one length; ``isEqual(_:_:)`` compares
/// MACs in constant time, so a forger learns nothing from how fast a guess is refused.
package enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    package static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5C })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// Whether `a` and `b` hold the same bytes, in time that depends on their lengths only.
    package static func isEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
