import FoundationEssentials
import StrataCodecs
import Testing

@Suite("NilEncoding")
struct NilEncodingTests {
    /// Every optional overload `encodeIfPresent` has, all nil but one, and a nested one.
    struct AllOptionals: Codable, Equatable {
        var bool: Bool?, string: String?, double: Double?, float: Float?
        var int: Int?, int8: Int8?, int16: Int16?, int32: Int32?, int64: Int64?
        var uint: UInt?, uint8: UInt8?, uint16: UInt16?, uint32: UInt32?, uint64: UInt64?
        var nested: [String]?
        var present: Int? = 1
    }

    static let keys = ["bool", "string", "double", "float", "int", "int8", "int16", "int32", "int64",
                       "uint", "uint8", "uint16", "uint32", "uint64", "nested"]

    @Test func jsonLeavesNilOutByDefault() throws {
        let text = String(decoding: try JSONValueEncoder().encode(AllOptionals()), as: UTF8.self)
        #expect(text == #"{"present":1}"#)
    }

    @Test func jsonWritesNullForEveryOverloadWhenAsked() throws {
        let text = String(decoding: try JSONValueEncoder(nilEncoding: .null).encode(AllOptionals()), as: UTF8.self)
        let expected = "{" + Self.keys.map { "\"\($0)\":null" }.joined(separator: ",") + #","present":1}"#
        #expect(text == expected)
        // Decoding reads both forms back to the same value.
        #expect(try JSONDecoder().decode(AllOptionals.self, from: Data(text.utf8)) == AllOptionals())
    }

    @Test func messagePackWritesNilForEveryOverloadWhenAsked() throws {
        let omitted = try MessagePackEncoder().encode(AllOptionals())
        let null = try MessagePackEncoder(nilEncoding: .null).encode(AllOptionals())
        #expect(omitted.first == 0x81)  // a map of one entry
        #expect(Array(null.prefix(3)) == [0xDE, 0x00, UInt8(Self.keys.count + 1)])  // map 16 of 16 entries
        #expect(null.filter { $0 == 0xC0 }.count == Self.keys.count)  // a nil for each
        #expect(try MessagePackDecoder().decode(AllOptionals.self, from: null) == AllOptionals())
        #expect(try MessagePackDecoder().decode(AllOptionals.self, from: omitted) == AllOptionals())
    }
}
