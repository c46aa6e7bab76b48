import FoundationEssentials
import Testing
@testable import StrataCodecs

/// Malformed and hostile input must throw `dataCorrupted`, never crash or allocate for
/// sizes the input does not hold.
@Suite struct MessagePackDocumentTests {
    struct Sample: Codable, Equatable {
        var id: UInt64
        var name: String
        var blob: [UInt8]
        var at: Date
        var ratio: Float
        var scores: [Double]
        var tags: [String: Int16]
        var ext: MessagePackExtension
        var child: [Sample]?
    }

    static let sample = Sample(
        id: 1 << 40, name: String(repeating: "é", count: 20), blob: Array(0..<40), at: Date(timeIntervalSince1970: -1.5),
        ratio: 0.25, scores: [1.5, -2], tags: ["a": -300], ext: MessagePackExtension(type: 3, data: [1, 2, 3]),
        child: [Sample(id: 2, name: "", blob: [], at: Date(timeIntervalSince1970: 7), ratio: 1, scores: [],
                       tags: [:], ext: MessagePackExtension(type: -5, data: []), child: nil)])

    /// Whether decoding `bytes` as `T` throws `DecodingError.dataCorrupted`.
    static func isDataCorrupted<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], mentioning text: String? = nil) -> Bool {
        do {
            _ = try MessagePackDecoder().decode(type, from: bytes)
            return false
        } catch DecodingError.dataCorrupted(let context) {
            return text.map { context.debugDescription.contains($0) } ?? true
        } catch {
            return false
        }
    }

    @Test func truncationAtEveryByteThrows() throws {
        let bytes = try MessagePackEncoder().encode(Self.sample)
        #expect(try MessagePackDecoder().decode(Sample.self, from: bytes) == Self.sample)
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(Self.isDataCorrupted(Sample.self, prefix), "prefix of \(length) bytes")
            #expect(Self.isDataCorrupted(MessagePackAnyValue.self, prefix), "prefix of \(length) bytes")
        }
    }

    @Test func trailingBytesThrow() throws {
        let bytes = try MessagePackEncoder().encode(Self.sample)
        #expect(Self.isDataCorrupted(Sample.self, bytes + [0xc0], mentioning: "1 more bytes follow"))
        #expect(Self.isDataCorrupted(Int.self, [0x01, 0x02], mentioning: "trailing"))
    }

    @Test func emptyInputThrows() {
        #expect(Self.isDataCorrupted(Int?.self, [], mentioning: "expected a value at offset 0"))
    }

    @Test(arguments: [
        ("db-ff-ff-ff-ff-61-62-63-64-65", "str 32 at offset 0 declares 4294967295 bytes but only 5 remain"),
        ("da-ff-ff-61", "str 16 at offset 0 declares 65535 bytes"),
        ("d9-05-61", "str 8 at offset 0 declares 5 bytes but only 1 remain"),
        ("bf-61", "fixstr at offset 0 declares 31 bytes"),
        ("c6-ff-ff-ff-ff-00", "bin 32 at offset 0 declares 4294967295 bytes"),
        ("c5-80-00", "bin 16 at offset 0 declares 32768 bytes"),
        ("c9-ff-ff-ff-ff-01-00", "ext 32 at offset 0 declares 4294967295 bytes"),
        ("c8-00-10-01", "ext 16 at offset 0 declares 16 bytes but only 0 remain"),
        ("d8-01-00", "fixext 16 at offset 0 declares 16 bytes but only 1 remain"),
        ("dd-ff-ff-ff-ff-c0", "array at offset 0 declares 4294967295 elements but only 1 bytes remain"),
        ("df-ff-ff-ff-ff-c0-c0", "map at offset 0 declares 4294967295 entries"),
        ("de-00-02-a1-61-01", "map at offset 0 declares 2 entries but only 3 bytes remain"),
        ("91-db-ff-ff-ff-ff", "str 32 at offset 1 declares 4294967295 bytes but only 0 remain"),
        ("cf-00-00", "uint 64 at offset 0 needs 8 more bytes but only 2 remain"),
        ("cb-3f", "float 64 at offset 0 needs 8 more bytes"),
        ("dc-00", "array 16 at offset 0 needs 2 more bytes but only 1 remain"),
    ])
    func hugeOrShortDeclaredLengthsFailFast(hex: String, message: String) {
        #expect(Self.isDataCorrupted(MessagePackAnyValue.self, MessagePackHex.bytes(hex), mentioning: message))
        #expect(Self.isDataCorrupted(String.self, MessagePackHex.bytes(hex)))
    }

    @Test func theNeverUsedByteIsRefused() {
        #expect(Self.isDataCorrupted(MessagePackAnyValue.self, [0xc1], mentioning: "0xc1"))
        #expect(Self.isDataCorrupted([Int].self, [0x92, 0x01, 0xc1], mentioning: "offset 2"))
    }

    @Test func depthBombsAreRefusedBeforeDecoding() {
        let bomb = [UInt8](repeating: 0x91, count: 100_000) + [0xc0]
        #expect(Self.isDataCorrupted(MessagePackAnyValue.self, bomb, mentioning: "deeper than 512"))
        let maps = [UInt8](repeating: 0x81, count: 1_000).flatMap { map -> [UInt8] in [map, 0xa0] } + [0xc0]
        #expect(Self.isDataCorrupted(MessagePackAnyValue.self, maps, mentioning: "deeper than 512"))
        // 513 levels, the innermost empty, is still one too many.
        #expect(Self.isDataCorrupted(MessagePackAnyValue.self, [UInt8](repeating: 0x91, count: 512) + [0x90]))
    }

    @Test func exactly512LevelsDecode() throws {
        let bytes = [UInt8](repeating: 0x91, count: 511) + [0x90]
        var value = try MessagePackDecoder().decode(MessagePackAnyValue.self, from: bytes)
        var depth = 1
        while case .array(let elements) = value, let first = elements.first {
            value = first
            depth += 1
        }
        #expect(depth == 512)
    }

    @Test func skippingDeepValuesUsesTheContainerTable() throws {
        // {"skip": [[[…500 deep…]]], "keep": 7}: indexing the map finds where "skip" ends
        // from the container table, without walking into it.
        struct Keep: Decodable { var keep: Int }
        let nested = [UInt8](repeating: 0x91, count: 500) + [0x01]
        let bytes = [0x82, 0xa4] + Array("skip".utf8) + nested + [0xa4] + Array("keep".utf8) + [0x07]
        #expect(try MessagePackDecoder().decode(Keep.self, from: bytes).keep == 7)
        let document = try MessagePackDocument(validating: bytes)
        #expect(try document.end(ofValueAt: 6) == 6 + nested.count)
    }

    @Test func mutatedMessagesNeverCrash() throws {
        let bytes = try MessagePackEncoder().encode(Self.sample)
        // A fixed linear congruential generator keeps the run deterministic.
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<2_000 {
            var mutated = bytes
            for _ in 0...(next() % 3) {
                mutated[next() % mutated.count] = UInt8(truncatingIfNeeded: next())
            }
            // Either outcome is fine; what matters is returning at all.
            _ = try? MessagePackDecoder().decode(Sample.self, from: mutated)
            _ = try? MessagePackDecoder().decode(MessagePackAnyValue.self, from: mutated)
        }
    }
}
