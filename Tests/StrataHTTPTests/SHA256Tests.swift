import Testing
import StrataHTTP

@Suite("SHA256")
struct SHA256Tests {
    @Test("NIST FIPS 180-4 example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        // 448 bits: the padding no longer fits, so a second block is needed.
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        // 896 bits.
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, digest: String) {
        let hash = SHA256.hash(Array(message.utf8))
        #expect(hash.count == 32)
        #expect(SHA256.hex(hash) == digest)
    }

    @Test func oneMillionAs() {
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // The same, fed in uneven pieces, exercises the pending-block path at scale.
        var hasher = SHA256()
        let piece = [UInt8](repeating: 0x61, count: 1_000)
        for _ in 0..<1_000 { hasher.update(piece) }
        #expect(SHA256.hex(hasher.finalize())
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Digests from `sha256sum` for lengths around the 55/56/64-byte padding edges.
    @Test("padding boundaries", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingBoundaries(count: Int, digest: String) {
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: 0x61, count: count))) == digest)
    }

    @Test("streaming: a 200-byte message split at every offset gives the one-shot digest")
    func streamingSplits() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let expected = SHA256.hash(message)
        #expect(SHA256.hex(expected) == Self.digestOf200Bytes)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
        // Three pieces, through the raw-buffer entry point.
        for first in stride(from: 0, through: 200, by: 7) {
            for second in stride(from: first, through: 200, by: 13) {
                var hasher = SHA256()
                message.withUnsafeBytes { bytes in
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[..<first]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[first..<second]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[second...]))
                }
                #expect(hasher.finalize() == expected, "splits at \(first), \(second)")
            }
        }
        // Byte by byte.
        var hasher = SHA256()
        for byte in message { hasher.update([byte]) }
        #expect(hasher.finalize() == expected)
    }

    /// Python `hashlib.sha256` of bytes `(i * 37 + 11) mod 256` for i in 0..<200.
    static let digestOf200Bytes = "5e48d64839a8bff5e2471507af6a49f9990817df437857f4a2007df41266e1b5"

    @Test func finalizeTwiceReturnsTheSameDigest() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        let first = hasher.finalize()
        #expect(hasher.finalize() == first)
    }

    @Test func emptyUpdatesChangeNothing() {
        var hasher = SHA256()
        hasher.update([])
        hasher.update(Array("abc".utf8))
        hasher.update([])
        #expect(SHA256.hex(hasher.finalize())
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(SHA256.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(SHA256.hex([]) == "")
    }

    @Test func updateAfterFinalizeTraps() async {
        await #expect(processExitsWith: .failure) {
            var hasher = SHA256()
            _ = hasher.finalize()
            hasher.update([1])
        }
    }
}
