/// SHA-256 (FIPS 180-4 §6.2), streaming, for strong content-hash ETags.
///
/// ```swift
/// SHA256.hex(SHA256.hash(Array("abc".utf8)))
/// // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// var hasher = SHA256()
/// hasher.update(Array("ab".utf8))
/// hasher.update(Array("c".utf8))
/// hasher.finalize()   // the same 32 bytes
/// ```
/// Keys and messages are processed without data-dependent branches or lookups; keyed uses go
/// through ``HMACSHA256``.
package struct SHA256: Sendable {
    /// The eight working hash words H0…H7.
    struct State: Sendable {
        var h0: UInt32 = 0x6A09_E667, h1: UInt32 = 0xBB67_AE85
        var h2: UInt32 = 0x3C6E_F372, h3: UInt32 = 0xA54F_F53A
        var h4: UInt32 = 0x510E_527F, h5: UInt32 = 0x9B05_688C
        var h6: UInt32 = 0x1F83_D9AB, h7: UInt32 = 0x5BE0_CD19
    }

    private var state = State()
    /// Bytes received that do not yet fill a 64-byte block; always fewer than 64.
    private var pending: [UInt8]
    /// Total message length in bytes, for the length field of the padding.
    private var length: UInt64 = 0
    /// The digest once `finalize()` has run; further updates are a programming error.
    private var digest: [UInt8]?

    /// A hasher with the FIPS 180-4 §5.3.3 initial hash value and no input yet.
    package init() {
        pending = []
        pending.reserveCapacity(64)
    }

    /// Feeds `bytes`; whole 64-byte blocks are compressed straight from the buffer.
    ///
    /// Calling it after `finalize()` traps.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(digest == nil, "SHA256.update(_:) called after finalize()")
        guard !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var input = bytes
        if !pending.isEmpty {
            let take = min(64 - pending.count, input.count)
            pending.append(contentsOf: input[..<take])
            input = UnsafeRawBufferPointer(rebasing: input[take...])
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { Self.compress(&state, blocks: $0) }
            pending.removeAll(keepingCapacity: true)
        }
        let wholeBlocks = input.count & ~63
        if wholeBlocks > 0 {
            Self.compress(&state, blocks: UnsafeRawBufferPointer(rebasing: input[..<wholeBlocks]))
        }
        pending.append(contentsOf: input[wholeBlocks...])
    }

    /// Feeds `bytes`.
    package mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message and returns the 32-byte digest.
    ///
    /// Calling it again returns the same digest; calling `update` afterwards traps.
    package mutating func finalize() -> [UInt8] {
        if let digest { return digest }
        // FIPS 180-4 §5.1.1: a 1 bit, zeros up to 56 mod 64, then the bit length big-endian.
        let bitLength = length &<< 3
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBytes { Self.compress(&state, blocks: $0) }
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for word in [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7] {
            result.append(UInt8(truncatingIfNeeded: word >> 24))
            result.append(UInt8(truncatingIfNeeded: word >> 16))
            result.append(UInt8(truncatingIfNeeded: word >> 8))
            result.append(UInt8(truncatingIfNeeded: word))
        }
        pending = []
        digest = result
        return result
    }

    /// The 32-byte digest of `bytes`.
    package static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// `digest` as lowercase hex, two digits per byte, e.g. `"e3b0c442…"`.
    package static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
