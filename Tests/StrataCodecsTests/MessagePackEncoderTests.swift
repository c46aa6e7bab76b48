import FoundationEssentials
import Testing
@testable import StrataCodecs

@Suite struct MessagePackEncoderTests {
    struct User: Codable, Equatable {
        var id: Int
        var name: String
        var admin: Bool
        var tags: [String]
        var score: Double?
    }

    @Test func synthesizedCodableIsAMapInDeclarationOrder() throws {
        let user = User(id: 7, name: "Ann", admin: false, tags: ["a", "b"], score: nil)
        // {"id": 7, "name": "Ann", "admin": false, "tags": ["a", "b"]}: a nil optional is omitted.
        #expect(try MessagePackHex.encode(user) ==
            "84-a2-69-64-07-a4-6e-61-6d-65-a3-41-6e-6e-a5-61-64-6d-69-6e-c2-a4-74-61-67-73-92-a1-61-a1-62")
        var scored = user
        scored.score = 0.5
        #expect(try MessagePackHex.encode(scored).hasSuffix("a5-73-63-6f-72-65-cb-3f-e0-00-00-00-00-00-00"))
        #expect(try MessagePackHex.encode(scored).hasPrefix("85-"))
    }

    @Test func msgpackOrgHomepageExample() throws {
        struct Example: Codable, Equatable { var compact: Bool; var schema: Int }
        // https://msgpack.org: {"compact":true,"schema":0} is 18 bytes.
        let expected: [UInt8] = [0x82, 0xa7, 0x63, 0x6f, 0x6d, 0x70, 0x61, 0x63, 0x74, 0xc3,
                                 0xa6, 0x73, 0x63, 0x68, 0x65, 0x6d, 0x61, 0x00]
        #expect(try MessagePackEncoder().encode(Example(compact: true, schema: 0)) == expected)
        #expect(try MessagePackDecoder().decode(Example.self, from: expected) == Example(compact: true, schema: 0))
    }

    struct Nullable: Encodable {
        var note: String?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: MessagePackTestKey.self)
            // `encode` (not `encodeIfPresent`) writes the key with a nil value.
            try container.encode(note, forKey: MessagePackTestKey(stringValue: "n"))
        }
    }

    @Test func nestedOptionalsAndNil() throws {
        #expect(try MessagePackHex.encode([1, nil, 3] as [Int?]) == "93-01-c0-03")
        #expect(try MessagePackHex.encode(Int??.some(.none)) == "c0")
        #expect(try MessagePackHex.encode(Int??.some(.some(4))) == "04")
        #expect(try MessagePackHex.encode(Nullable(note: nil)) == "81-a1-6e-c0")
        #expect(try MessagePackHex.encode(Nullable(note: "x")) == "81-a1-6e-a1-78")
        #expect(try MessagePackHex.encode([[String: Int?]]([["a": nil]])) == "91-81-a1-61-c0")
    }

    @Test func foundationTypesUseTextForms() throws {
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(try MessagePackHex.encode(uuid) == "d9-24-" + MessagePackHex.string(Array("e621e1f8-c36c-495a-93fc-0c247a3e6e5f".utf8)))
        let url = try #require(URL(string: "https://a.io/x?q=1"))
        #expect(try MessagePackHex.encode(url) == "b2-" + MessagePackHex.string(Array("https://a.io/x?q=1".utf8)))
        let relative = try #require(URL(string: "b", relativeTo: URL(string: "https://a.io/")))
        #expect(try MessagePackHex.encode(relative) == "ae-" + MessagePackHex.string(Array("https://a.io/b".utf8)))
        // Decimal as text: 0.1 has no exact float 64.
        #expect(try MessagePackHex.encode(Decimal(string: "0.1")) == "a3-30-2e-31")
        #expect(try MessagePackHex.encode(Decimal(string: "-12345678901234567890.5")) ==
            "b7-" + MessagePackHex.string(Array("-12345678901234567890.5".utf8)))
    }

    @Test func typeEncodersOverrideDates() throws {
        struct Event: Codable { var at: Date }
        let encoders = TypeEncoders().encoding(Date.self) { $0.timeIntervalSince1970 }
        let event = Event(at: Date(timeIntervalSince1970: 1.5))
        #expect(try MessagePackHex.encode(event, typeEncoders: encoders) == "81-a2-61-74-cb-3f-f8-00-00-00-00-00-00")
        #expect(try MessagePackHex.encode(event) == "81-a2-61-74-d7-ff-77-35-94-00-00-00-00-01")
        // Applied at the top level and inside arrays, and read back by the decoder.
        #expect(try MessagePackHex.encode([event.at], typeEncoders: encoders) == "91-cb-3f-f8-00-00-00-00-00-00")
        let bytes = try MessagePackEncoder(typeEncoders: encoders).encode(event)
        #expect(try MessagePackDecoder().decode(Event.self, from: bytes).at == event.at)
    }

    @Test func typeEncodersApplyToPrimitivesThroughEveryContainer() throws {
        let encoders = TypeEncoders().encoding(Int.self) { "#\($0)" }
        #expect(try MessagePackHex.encode(5, typeEncoders: encoders) == "a2-23-35")
        #expect(try MessagePackHex.encode([5], typeEncoders: encoders) == "91-a2-23-35")
        #expect(try MessagePackHex.encode(["k": 5], typeEncoders: encoders) == "81-a1-6b-a2-23-35")
        #expect(try MessagePackHex.encode(Int?.some(5), typeEncoders: encoders) == "a2-23-35")
        // Other integer types keep their own form.
        #expect(try MessagePackHex.encode(Int64(5), typeEncoders: encoders) == "05")
    }

    @Test func aReplacementIsNotOverriddenAgain() throws {
        // Returning the overridden type itself must not loop.
        let shift = TypeEncoders().encoding(Int.self) { $0 + 1 }
        #expect(try MessagePackHex.encode(1, typeEncoders: shift) == "02")
        // But values inside a replacement are still looked up.
        let nested = TypeEncoders().encoding(Int.self) { "i\($0)" }.encoding(Bool.self) { [$0 ? 1 : 0] }
        #expect(try MessagePackHex.encode(true, typeEncoders: nested) == "91-a2-69-31")
    }

    @Test func typeEncoderErrorsPropagate() {
        struct Refused: Error {}
        let encoders = TypeEncoders().encoding(String.self) { _ in throw Refused() }
        #expect(throws: Refused.self) { try MessagePackEncoder(typeEncoders: encoders).encode(["a"]) }
    }

    class Base: Encodable {
        var a = 1
        private enum CodingKeys: String, CodingKey { case a }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(a, forKey: .a)
        }
    }

    final class SuperKeyed: Base {
        var b = 2
        private enum CodingKeys: String, CodingKey { case b }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(b, forKey: .b)
            try super.encode(to: container.superEncoder())
        }
    }

    final class SharedContainer: Base {
        var b = 2
        private enum CodingKeys: String, CodingKey { case b }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(b, forKey: .b)
            try super.encode(to: encoder)
        }
    }

    @Test func superEncoders() throws {
        // {"b": 2, "super": {"a": 1}}
        #expect(try MessagePackHex.encode(SuperKeyed()) == "82-a1-62-02-a5-73-75-70-65-72-81-a1-61-01")
        // A second request for a keyed container shares the first: {"b": 2, "a": 1}
        #expect(try MessagePackHex.encode(SharedContainer()) == "82-a1-62-02-a1-61-01")
    }

    struct UnusedSuper: Encodable {
        func encode(to encoder: any Encoder) throws {
            var keyed = encoder.container(keyedBy: MessagePackTestKey.self)
            _ = keyed.superEncoder(forKey: MessagePackTestKey(stringValue: "s"))
            var unkeyed = keyed.nestedUnkeyedContainer(forKey: MessagePackTestKey(stringValue: "u"))
            try unkeyed.encode(1)
            var single = unkeyed.superEncoder().singleValueContainer()
            try single.encode(true)
            _ = unkeyed.superEncoder()
        }
    }

    @Test func superEncoderSlotsKeepTheirPositionAndDefaultToAnEmptyMap() throws {
        // {"s": {}, "u": [1, true, {}]}
        #expect(try MessagePackHex.encode(UnusedSuper()) == "82-a1-73-80-a1-75-93-01-c3-80")
    }

    struct Interleaved: Encodable {
        func encode(to encoder: any Encoder) throws {
            var root = encoder.container(keyedBy: MessagePackTestKey.self)
            var first = root.nestedUnkeyedContainer(forKey: MessagePackTestKey(stringValue: "x"))
            var second = root.nestedContainer(keyedBy: MessagePackTestKey.self, forKey: MessagePackTestKey(stringValue: "y"))
            try root.encode("late", forKey: MessagePackTestKey(stringValue: "z"))
            try second.encode(2, forKey: MessagePackTestKey(stringValue: "b"))
            try first.encode(1)
            try root.encode(9, forKey: MessagePackTestKey(stringValue: "x")) // overwrites, keeps position
            try first.encode(3) // writes into the replaced array: no longer reachable
        }
    }

    @Test func containersMayBeFilledInAnyOrder() throws {
        // {"x": 9, "y": {"b": 2}, "z": "late"}
        #expect(try MessagePackHex.encode(Interleaved()) == "83-a1-78-09-a1-79-81-a1-62-02-a1-7a-a4-6c-61-74-65")
    }

    struct Rewrite: Encodable {
        var keys: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: MessagePackTestKey.self)
            for index in 0..<keys { try container.encode(index, forKey: MessagePackTestKey(stringValue: "k\(index)")) }
            try container.encode(true, forKey: MessagePackTestKey(stringValue: "k1"))
        }
    }

    @Test(arguments: [3, 40]) // below and above the size where the builder indexes its keys
    func aKeyEncodedTwiceKeepsItsPlaceAndTakesTheLastValue(keys: Int) throws {
        let bytes = try MessagePackEncoder().encode(Rewrite(keys: keys))
        let prefix = keys < 16 ? [0x80 | UInt8(keys)] : [0xde, 0x00, UInt8(keys)]
        #expect(Array(bytes.prefix(prefix.count + 6)) == prefix + [0xa2, 0x6b, 0x30, 0x00, 0xa2, 0x6b])
        #expect(Array(bytes[(prefix.count + 6)...].prefix(2)) == [0x31, 0xc3])
    }

    struct Empty: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test func aValueThatEncodesNothing() throws {
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(Empty()) }
        // Nested, it is an empty map, as JSONEncoder writes {}.
        #expect(try MessagePackHex.encode([Empty()]) == "91-80")
    }

    struct Nest: Codable {
        var levels: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            if levels > 1 { try container.encode(Nest(levels: levels - 1)) }
        }
        init(levels: Int) { self.levels = levels }
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            levels = container.isAtEnd ? 1 : try container.decode(Nest.self).levels + 1
        }
    }

    @Test func nestingIsLimitedTo512Levels() throws {
        let bytes = try MessagePackEncoder().encode(Nest(levels: 512))
        #expect(bytes == [UInt8](repeating: 0x91, count: 511) + [0x90])
        #expect(try MessagePackDecoder().decode(Nest.self, from: bytes).levels == 512)
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(Nest(levels: 513)) }
    }

    struct ChainedContainers: Encodable {
        var levels: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            for _ in 1..<levels { container = container.nestedUnkeyedContainer() }
        }
    }

    @Test func nestingLimitCoversContainersChainedInOneEncodeCall() throws {
        #expect(try MessagePackEncoder().encode(ChainedContainers(levels: 512)).count == 512)
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(ChainedContainers(levels: 513)) }
    }

    @Test func unencodableDatesThrow() {
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(Date(timeIntervalSinceReferenceDate: .infinity)) }
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(Date(timeIntervalSinceReferenceDate: .nan)) }
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(Date(timeIntervalSinceReferenceDate: 1e19)) }
    }

    @Test func codingPathsAreReported() throws {
        struct Probe: Encodable {
            func encode(to encoder: any Encoder) throws {
                var keyed = encoder.container(keyedBy: MessagePackTestKey.self)
                var list = keyed.nestedUnkeyedContainer(forKey: MessagePackTestKey(stringValue: "list"))
                try list.encode(0)
                try list.encode(Path())
            }
        }
        struct Path: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(encoder.codingPath.map(\.stringValue).joined(separator: "/"))
            }
        }
        #expect(try MessagePackHex.encode(Probe()) == "81-a4-6c-69-73-74-92-00-a6-6c-69-73-74-2f-31")
    }
}
