import StrataHTTP
import Testing

@Suite("HMAC-SHA256 and URL-safe base64")
struct HMACSHA256Tests {
    static func bytes(_ byte: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: byte, count: count) }

    /// RFC 4231 §4.2–4.8 (case 5, a truncated MAC, aside): short keys, a key and data of
    /// repeated bytes, and keys longer than a block, which are hashed first.
    @Test func rfc4231Vectors() {
        let cases: [([UInt8], [UInt8], String)] = [
            (Self.bytes(0x0B, 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (Self.bytes(0xAA, 20), Self.bytes(0xDD, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (Self.bytes(0xAA, 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (Self.bytes(0xAA, 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (key, message, expected) in cases {
            #expect(SHA256.hex(HMACSHA256.authenticate(message, key: key)) == expected)
        }
    }

    @Test func comparisonIsExact() {
        let mac = HMACSHA256.authenticate([1, 2, 3], key: Self.bytes(7, 32))
        var altered = mac
        altered[31] ^= 1
        #expect(HMACSHA256.isEqual(mac, mac) && !HMACSHA256.isEqual(mac, altered) && !HMACSHA256.isEqual(mac, Array(mac.prefix(31))))
    }

    /// RFC 4648 §10's vectors in the URL-safe alphabet without padding, and what is refused.
    @Test func base64URLRoundTripsAndRefusesWhatNoEncodingWrites() {
        for (plain, encoded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        for invalid in ["Zg==", "Z", "Zm9vY", "Zh", "a+b/", "Zm 9v"] {
            #expect(Base64URL.decode(invalid) == nil, "\(invalid)")
        }
        let random = (0..<257).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(Base64URL.decode(Base64URL.encode(random)) == random)
    }
}
