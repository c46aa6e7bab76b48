import FoundationEssentials
import Testing
@testable import StrataCodecs

/// Every encoding other implementations may choose must decode. The vectors (each value
/// with all of its valid encodings) are from msgpack-test-suite
/// (https://github.com/kawanet/msgpack-test-suite, MIT).
@Suite struct MessagePackDecoderTests {
    @Test(arguments: [
        (UInt64(0), ["00", "cc-00", "cd-00-00", "ce-00-00-00-00", "cf-00-00-00-00-00-00-00-00",
                     "d0-00", "d1-00-00", "d2-00-00-00-00", "d3-00-00-00-00-00-00-00-00"]),
        (127, ["7f", "cc-7f", "cd-00-7f", "ce-00-00-00-7f", "cf-00-00-00-00-00-00-00-7f",
               "d0-7f", "d1-00-7f", "d2-00-00-00-7f", "d3-00-00-00-00-00-00-00-7f"]),
        (128, ["cc-80", "cd-00-80", "ce-00-00-00-80", "cf-00-00-00-00-00-00-00-80",
               "d1-00-80", "d2-00-00-00-80", "d3-00-00-00-00-00-00-00-80"]),
        (65535, ["cd-ff-ff", "ce-00-00-ff-ff", "cf-00-00-00-00-00-00-ff-ff", "d2-00-00-ff-ff"]),
        (4_294_967_295, ["ce-ff-ff-ff-ff", "cf-00-00-00-00-ff-ff-ff-ff", "d3-00-00-00-00-ff-ff-ff-ff"]),
        (4_294_967_296, ["d3-00-00-00-01-00-00-00-00", "cf-00-00-00-01-00-00-00-00"]),
        (18_446_744_073_709_551_615, ["cf-ff-ff-ff-ff-ff-ff-ff-ff"]),
    ] as [(UInt64, [String])])
    func nonNegativeIntegersInEveryFormat(value: UInt64, encodings: [String]) throws {
        for hex in encodings {
            #expect(try MessagePackHex.decode(UInt64.self, hex) == value, "\(hex)")
            #expect(try MessagePackHex.decode(Double.self, hex) == Double(value), "\(hex)")
        }
    }

    @Test(arguments: [
        (Int64(-1), ["ff", "d0-ff", "d1-ff-ff", "d2-ff-ff-ff-ff", "d3-ff-ff-ff-ff-ff-ff-ff-ff"]),
        (-32, ["e0", "d0-e0", "d1-ff-e0", "d2-ff-ff-ff-e0", "d3-ff-ff-ff-ff-ff-ff-ff-e0"]),
        (-33, ["d0-df", "d1-ff-df", "d2-ff-ff-ff-df", "d3-ff-ff-ff-ff-ff-ff-ff-df"]),
        (-32768, ["d1-80-00", "d2-ff-ff-80-00", "d3-ff-ff-ff-ff-ff-ff-80-00"]),
        (-2_147_483_648, ["d2-80-00-00-00", "d3-ff-ff-ff-ff-80-00-00-00"]),
        (Int64.min, ["d3-80-00-00-00-00-00-00-00"]),
    ] as [(Int64, [String])])
    func negativeIntegersInEveryFormat(value: Int64, encodings: [String]) throws {
        for hex in encodings {
            #expect(try MessagePackHex.decode(Int64.self, hex) == value, "\(hex)")
            #expect(try MessagePackHex.decode(Int.self, hex) == Int(value), "\(hex)")
        }
    }

    @Test func anyWidthDecodesIntoAnyTypeTheValueFits() throws {
        #expect(try MessagePackHex.decode(UInt8.self, "cf-00-00-00-00-00-00-00-ff") == 255)
        #expect(try MessagePackHex.decode(Int8.self, "d3-ff-ff-ff-ff-ff-ff-ff-80") == -128)
        #expect(try MessagePackHex.decode(Int16.self, "cc-ff") == 255)
        #expect(try MessagePackHex.decode(UInt32.self, "d0-7f") == 127)
        #expect(try MessagePackHex.decode(UInt.self, "d3-7f-ff-ff-ff-ff-ff-ff-ff") == UInt(Int64.max))
        #expect(try MessagePackHex.decode(Int128.self, "cf-ff-ff-ff-ff-ff-ff-ff-ff") == Int128(UInt64.max))
        #expect(try MessagePackHex.decode(UInt128.self, "05") == 5)
    }

    @Test(arguments: ["cd-01-2c", "ff", "d0-80", "cf-80-00-00-00-00-00-00-00"])
    func integersThatDoNotFitAreDataCorruptedNamingThePath(hex: String) throws {
        struct Holder: Decodable { var items: [Int8Box] }
        struct Int8Box: Decodable { var small: UInt8 }
        // {"items": [{"small": 1}, {"small": <value>}]}
        let message = "81-a5-69-74-65-6d-73-92-81-a5-73-6d-61-6c-6c-01-81-a5-73-6d-61-6c-6c-" + hex
        do {
            _ = try MessagePackHex.decode(Holder.self, message)
            Issue.record("Expected an error for \(hex)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["items", "1", "small"])
            #expect(context.debugDescription.contains("does not fit in UInt8 at items[1].small"))
        }
    }

    @Test func floatsDecodeIntoBothFloatingTypes() throws {
        #expect(try MessagePackHex.decode(Double.self, "ca-3f-00-00-00") == 0.5)
        #expect(try MessagePackHex.decode(Double.self, "cb-bf-e0-00-00-00-00-00-00") == -0.5)
        #expect(try MessagePackHex.decode(Float.self, "cb-3f-e0-00-00-00-00-00-00") == 0.5)
        #expect(try MessagePackHex.decode(Float.self, "ca-bf-00-00-00") == -0.5)
        #expect(try MessagePackHex.decode(Float.self, "d0-80") == -128)
        #expect(try MessagePackHex.decode(Float.self, "cb-7f-f0-00-00-00-00-00-00") == .infinity)
        #expect(try MessagePackHex.decode(Double.self, "ca-7f-c0-00-00").isNaN)
        // 1e300 has no Float: refusing beats silently returning infinity.
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Float.self, "cb-7e-37-e4-3c-88-00-75-9c") }
        // Floats are not integers.
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Int.self, "cb-3f-f0-00-00-00-00-00-00") }
    }

    @Test(arguments: [
        ("", ["a0", "d9-00", "da-00-00", "db-00-00-00-00"]),
        ("a", ["a1-61", "d9-01-61", "da-00-01-61", "db-00-00-00-01-61"]),
        ("Кириллица", ["b2-d0-9a-d0-b8-d1-80-d0-b8-d0-bb-d0-bb-d0-b8-d1-86-d0-b0",
                       "d9-12-d0-9a-d0-b8-d1-80-d0-b8-d0-bb-d0-bb-d0-b8-d1-86-d0-b0"]),
        ("🍺", ["a4-f0-9f-8d-ba", "d9-04-f0-9f-8d-ba"]),
    ])
    func stringsInEveryFormat(value: String, encodings: [String]) throws {
        for hex in encodings {
            #expect(try MessagePackHex.decode(String.self, hex) == value, "\(hex)")
        }
    }

    @Test func invalidUTF8IsDataCorrupted() {
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(String.self, "a2-c3-28") }
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([String: Int].self, "81-a1-ff-01") }
    }

    @Test(arguments: [
        ([UInt8](), ["c4-00", "c5-00-00", "c6-00-00-00-00"]),
        ([0x01], ["c4-01-01", "c5-00-01-01", "c6-00-00-00-01-01"]),
        ([0x00, 0xff], ["c4-02-00-ff", "c5-00-02-00-ff", "c6-00-00-00-02-00-ff"]),
    ])
    func binariesInEveryFormat(value: [UInt8], encodings: [String]) throws {
        for hex in encodings {
            #expect(try MessagePackHex.decode([UInt8].self, hex) == value, "\(hex)")
            #expect(try MessagePackHex.decode(Data.self, hex) == Data(value), "\(hex)")
        }
    }

    @Test func bytesAlsoDecodeFromAnArrayOfIntegers() throws {
        #expect(try MessagePackHex.decode([UInt8].self, "92-01-cc-ff") == [1, 255])
        #expect(try MessagePackHex.decode(Data.self, "91-07") == Data([7]))
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([UInt8].self, "a1-61") }
    }

    @Test func arraysAndMapsInEveryFormat() throws {
        for hex in ["93-01-02-03", "dc-00-03-01-02-03", "dd-00-00-00-03-01-02-03"] {
            #expect(try MessagePackHex.decode([Int].self, hex) == [1, 2, 3], "\(hex)")
        }
        for hex in ["81-a1-61-01", "de-00-01-a1-61-01", "df-00-00-00-01-a1-61-01"] {
            #expect(try MessagePackHex.decode([String: Int].self, hex) == ["a": 1], "\(hex)")
        }
        #expect(try MessagePackHex.decode([[String: [Int]]].self, "91-81-a1-61-90") == [["a": []]])
    }

    @Test func nilAndBooleans() throws {
        #expect(try MessagePackHex.decode(Int?.self, "c0") == nil)
        #expect(try MessagePackHex.decode(Bool.self, "c2") == false)
        #expect(try MessagePackHex.decode(Bool.self, "c3") == true)
        #expect(try MessagePackHex.decode([Int?].self, "93-01-c0-03") == [1, nil, 3])
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Bool.self, "01") }
    }

    @Test func integerKeysReadAsDecimalText() throws {
        #expect(try MessagePackHex.decode([Int: String].self, "82-01-a1-61-ff-a1-62") == [1: "a", -1: "b"])
        #expect(try MessagePackHex.decode([String: Int].self, "81-cd-01-00-05") == ["256": 5])
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([String: Int].self, "81-c0-01") }
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([String: Int].self, "81-90-01") }
    }

    @Test func duplicateKeysAreRefusedInSmallAndLargeMaps() throws {
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([String: Int].self, "82-a1-61-01-a1-61-02") }
        let keys = (0..<20).map { "a2-6b-\(MessagePackHex.string([UInt8(0x41 + $0)]))-00" }
        let unique = "de-00-14-" + keys.joined(separator: "-")
        #expect(try MessagePackHex.decode([String: Int].self, unique).count == 20)
        let repeated = "de-00-14-" + (keys.dropLast() + [keys[3]]).joined(separator: "-")
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([String: Int].self, repeated) }
    }

    struct Pair: Decodable, Equatable { var a: Int; var b: String? }

    @Test func keyedContainerErrors() throws {
        #expect(try MessagePackHex.decode(Pair.self, "81-a1-61-01") == Pair(a: 1, b: nil))
        #expect(try MessagePackHex.decode(Pair.self, "82-a1-61-01-a1-62-c0") == Pair(a: 1, b: nil))
        #expect(try MessagePackHex.decode(Pair.self, "82-a1-62-a1-78-a1-61-01") == Pair(a: 1, b: "x"))
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Pair.self, "81-a1-62-a1-78") }
        do {
            _ = try MessagePackHex.decode(Pair.self, "81-a1-61-c0")
            Issue.record("nil for a non-optional must throw")
        } catch DecodingError.valueNotFound(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["a"])
        }
        do {
            _ = try MessagePackHex.decode(Pair.self, "81-a1-61-a1-31")
            Issue.record("a str for an Int must throw")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.debugDescription == "Expected to decode Int but found a str instead.")
        }
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Pair.self, "91-01") }
        #expect(throws: DecodingError.self) { try MessagePackHex.decode([Int].self, "81-a1-61-01") }
    }

    struct Triple: Decodable {
        var values: (Int, Int, Int)
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            values = (try container.decode(Int.self), try container.decode(Int.self), try container.decode(Int.self))
        }
    }

    @Test func unkeyedContainerPastItsEnd() throws {
        do {
            _ = try MessagePackHex.decode(Triple.self, "92-01-02")
            Issue.record("Expected valueNotFound")
        } catch DecodingError.valueNotFound(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["2"])
        }
    }

    struct Retry: Decodable {
        var values: [String]
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            values = []
            while !container.isAtEnd {
                if try container.decodeNil() { values.append("nil"); continue }
                if let number = try? container.decode(Int.self) { values.append("#\(number)"); continue }
                values.append(try container.decode(String.self))
            }
        }
    }

    @Test func aFailedElementDecodeCanBeRetried() throws {
        #expect(try MessagePackHex.decode(Retry.self, "93-a1-78-c0-05").values == ["x", "nil", "#5"])
    }

    @Test func foundationTypesFromText() throws {
        let uuid = try MessagePackHex.decode(UUID.self, "d9-24-" + MessagePackHex.string(Array("e621e1f8-c36c-495a-93fc-0c247a3e6e5f".utf8)))
        #expect(uuid.uuidString == "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(UUID.self, "a3-61-62-63") }
        #expect(try MessagePackHex.decode(URL.self, "a5-" + MessagePackHex.string(Array("a:b/c".utf8))).absoluteString == "a:b/c")
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(URL.self, "a0") }
        #expect(try MessagePackHex.decode(Decimal.self, "a4-31-32-2e-35") == Decimal(string: "12.5"))
        #expect(try MessagePackHex.decode(Decimal.self, "a5-2d-31-65-2d-33") == Decimal(string: "-0.001"))
        #expect(try MessagePackHex.decode(Decimal.self, "a3-4e-61-4e").isNaN)
        #expect(try MessagePackHex.decode(Decimal.self, "cd-01-00") == 256)
        for invalid in ["1abc", "", ".", "1e", "+", "1.2.3", " 1"] {
            let hex = MessagePackHex.string([0xa0 | UInt8(invalid.utf8.count)] + Array(invalid.utf8))
            #expect(throws: DecodingError.self, "\(invalid)") { try MessagePackHex.decode(Decimal.self, hex) }
        }
    }

    @Test func decimalLiteralGrammar() {
        for valid in ["0", "-1", "+2.", ".5", "1.25e-3", "7E+10"] {
            #expect(MessagePackDocument.isDecimalLiteral(valid.utf8), "\(valid)")
        }
        for invalid in ["", "-", "e5", "1e+", "0x1", "1 "] {
            #expect(!MessagePackDocument.isDecimalLiteral(invalid.utf8), "\(invalid)")
        }
    }

    @Test func datesFromNumbersAsSecondsSince1970() throws {
        #expect(try MessagePackHex.decode(Date.self, "cd-01-00") == Date(timeIntervalSince1970: 256))
        #expect(try MessagePackHex.decode(Date.self, "ff") == Date(timeIntervalSince1970: -1))
        #expect(try MessagePackHex.decode(Date.self, "cb-3f-f8-00-00-00-00-00-00") == Date(timeIntervalSince1970: 1.5))
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Date.self, "a0") }
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Date.self, "d6-01-00-00-00-00") }
    }

    final class Parent: Decodable {
        var a: Int
        private enum CodingKeys: String, CodingKey { case a }
        required init(from decoder: any Decoder) throws {
            a = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .a)
        }
    }

    struct WithSuper: Decodable {
        var parent: Parent?
        var missing: Bool
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: MessagePackTestKey.self)
            parent = try Parent(from: container.superDecoder())
            missing = try container.superDecoder(forKey: MessagePackTestKey(stringValue: "gone")).singleValueContainer().decodeNil()
        }
    }

    @Test func superDecoders() throws {
        // {"super": {"a": 3}}
        let decoded = try MessagePackHex.decode(WithSuper.self, "81-a5-73-75-70-65-72-81-a1-61-03")
        #expect(decoded.parent?.a == 3)
        #expect(decoded.missing)
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(WithSuper.self, "80") }
    }
}
