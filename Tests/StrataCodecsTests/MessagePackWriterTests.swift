import FoundationEssentials
import Testing
@testable import StrataCodecs

/// Exact bytes for every format family at every size-class boundary.
@Suite struct MessagePackWriterTests {
    @Test(arguments: [
        (Int64(0), "00"),
        (127, "7f"),                                  // last positive fixint
        (128, "cc-80"),                               // first uint 8
        (255, "cc-ff"),
        (256, "cd-01-00"),                            // first uint 16
        (65535, "cd-ff-ff"),
        (65536, "ce-00-01-00-00"),                    // first uint 32
        (4_294_967_295, "ce-ff-ff-ff-ff"),
        (4_294_967_296, "cf-00-00-00-01-00-00-00-00"), // first uint 64
        (Int64.max, "cf-7f-ff-ff-ff-ff-ff-ff-ff"),
        (-1, "ff"),
        (-32, "e0"),                                  // last negative fixint
        (-33, "d0-df"),                               // first int 8
        (-128, "d0-80"),
        (-129, "d1-ff-7f"),                           // first int 16
        (-32768, "d1-80-00"),
        (-32769, "d2-ff-ff-7f-ff"),                   // first int 32
        (-2_147_483_648, "d2-80-00-00-00"),
        (-2_147_483_649, "d3-ff-ff-ff-ff-7f-ff-ff-ff"), // first int 64
        (Int64.min, "d3-80-00-00-00-00-00-00-00"),
    ])
    func signedIntegersUseTheSmallestFormat(value: Int64, hex: String) throws {
        #expect(try MessagePackHex.encode(value) == hex)
        #expect(try MessagePackHex.encode(Int(value)) == hex)
    }

    @Test(arguments: [
        (UInt64(127), "7f"),
        (128, "cc-80"),
        (255, "cc-ff"),
        (256, "cd-01-00"),
        (65535, "cd-ff-ff"),
        (65536, "ce-00-01-00-00"),
        (4_294_967_295, "ce-ff-ff-ff-ff"),
        (4_294_967_296, "cf-00-00-00-01-00-00-00-00"),
        (9_223_372_036_854_775_808, "cf-80-00-00-00-00-00-00-00"),
        (UInt64.max, "cf-ff-ff-ff-ff-ff-ff-ff-ff"),
    ])
    func unsignedIntegersUseTheSmallestFormat(value: UInt64, hex: String) throws {
        #expect(try MessagePackHex.encode(value) == hex)
        #expect(try MessagePackHex.encode(UInt(value)) == hex)
    }

    @Test func everyIntegerWidthIsWrittenByValueNotByType() throws {
        #expect(try MessagePackHex.encode(Int8(-1)) == "ff")
        #expect(try MessagePackHex.encode(Int8(100)) == "64")
        #expect(try MessagePackHex.encode(Int8.min) == "d0-80")
        #expect(try MessagePackHex.encode(Int16(200)) == "cc-c8")
        #expect(try MessagePackHex.encode(Int16.min) == "d1-80-00")
        #expect(try MessagePackHex.encode(Int32(5)) == "05")
        #expect(try MessagePackHex.encode(Int32.min) == "d2-80-00-00-00")
        #expect(try MessagePackHex.encode(UInt8(200)) == "cc-c8")
        #expect(try MessagePackHex.encode(UInt16(5)) == "05")
        #expect(try MessagePackHex.encode(UInt32.max) == "ce-ff-ff-ff-ff")
    }

    @Test func wideIntegersAreWrittenWhenTheyFitIn64Bits() throws {
        #expect(try MessagePackHex.encode(Int128(-5)) == "fb")
        #expect(try MessagePackHex.encode(UInt128(UInt64.max)) == "cf-ff-ff-ff-ff-ff-ff-ff-ff")
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(UInt128(UInt64.max) + 1) }
        #expect(throws: EncodingError.self) { try MessagePackEncoder().encode(Int128(Int64.min) - 1) }
    }

    @Test func floatIsFloat32AndDoubleIsFloat64() throws {
        #expect(try MessagePackHex.encode(Float(1.5)) == "ca-3f-c0-00-00")
        #expect(try MessagePackHex.encode(Float(0.5)) == "ca-3f-00-00-00")
        #expect(try MessagePackHex.encode(Float(-0.5)) == "ca-bf-00-00-00")
        #expect(try MessagePackHex.encode(Double(1.5)) == "cb-3f-f8-00-00-00-00-00-00")
        #expect(try MessagePackHex.encode(Double(-0.5)) == "cb-bf-e0-00-00-00-00-00-00")
        // A whole Double stays a float 64: the sender chose the type.
        #expect(try MessagePackHex.encode(Double(0)) == "cb-00-00-00-00-00-00-00-00")
        #expect(try MessagePackHex.encode(Double.infinity) == "cb-7f-f0-00-00-00-00-00-00")
        #expect(try MessagePackHex.encode(Float.nan) == "ca-7f-c0-00-00")
    }

    @Test func nilAndBooleans() throws {
        #expect(try MessagePackHex.encode(Int?.none) == "c0")
        #expect(try MessagePackHex.encode(false) == "c2")
        #expect(try MessagePackHex.encode(true) == "c3")
    }

    @Test(arguments: [
        (0, "a0"),
        (31, "bf"),             // last fixstr
        (32, "d9-20"),          // first str 8
        (255, "d9-ff"),
        (256, "da-01-00"),      // first str 16
        (65535, "da-ff-ff"),
        (65536, "db-00-01-00-00"), // first str 32
    ])
    func stringsUseTheSmallestStrFormat(length: Int, header: String) throws {
        let bytes = try MessagePackEncoder().encode(String(repeating: "x", count: length))
        let headerBytes = MessagePackHex.bytes(header)
        #expect(Array(bytes.prefix(headerBytes.count)) == headerBytes)
        #expect(bytes.count == headerBytes.count + length)
        #expect(bytes.dropFirst(headerBytes.count).allSatisfy { $0 == UInt8(ascii: "x") })
    }

    @Test func stringLengthsCountUTF8Bytes() throws {
        #expect(try MessagePackHex.encode("한글") == "a6-ed-95-9c-ea-b8-80")
        #expect(try MessagePackHex.encode("🍺") == "a4-f0-9f-8d-ba")
    }

    @Test(arguments: [
        (0, "c4-00"),           // bin has no fix form
        (255, "c4-ff"),
        (256, "c5-01-00"),      // first bin 16
        (65535, "c5-ff-ff"),
        (65536, "c6-00-01-00-00"), // first bin 32
    ])
    func bytesAndDataAreBinNotArrays(length: Int, header: String) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let headerBytes = MessagePackHex.bytes(header)
        for bytes in [try MessagePackEncoder().encode(payload), try MessagePackEncoder().encode(Data(payload))] {
            #expect(Array(bytes.prefix(headerBytes.count)) == headerBytes)
            #expect(Array(bytes.dropFirst(headerBytes.count)) == payload)
        }
    }

    @Test func smallBinPayloadsExactly() throws {
        #expect(try MessagePackHex.encode([UInt8]([0x00, 0xff])) == "c4-02-00-ff")
        #expect(try MessagePackHex.encode(Data([0x01])) == "c4-01-01")
    }

    @Test(arguments: [
        (0, "90"),
        (15, "9f"),             // last fixarray
        (16, "dc-00-10"),       // first array 16
        (65535, "dc-ff-ff"),
        (65536, "dd-00-01-00-00"), // first array 32
    ])
    func arraysUseTheSmallestArrayFormat(count: Int, header: String) throws {
        let bytes = try MessagePackEncoder().encode([Bool](repeating: true, count: count))
        let headerBytes = MessagePackHex.bytes(header)
        #expect(Array(bytes.prefix(headerBytes.count)) == headerBytes)
        #expect(bytes.count == headerBytes.count + count)
        #expect(bytes.dropFirst(headerBytes.count).allSatisfy { $0 == 0xc3 })
    }

    @Test func smallArraysExactly() throws {
        #expect(try MessagePackHex.encode([1, 2, 3]) == "93-01-02-03")
        #expect(try MessagePackHex.encode(Array(1...16)) == "dc-00-10-01-02-03-04-05-06-07-08-09-0a-0b-0c-0d-0e-0f-10")
        #expect(try MessagePackHex.encode([[Int]]([[]])) == "91-90")
    }

    @Test(arguments: [
        (0, "80"),
        (15, "8f"),             // last fixmap
        (16, "de-00-10"),       // first map 16
        (65535, "de-ff-ff"),
        (65536, "df-00-01-00-00"), // first map 32
    ])
    func mapsUseTheSmallestMapFormat(count: Int, header: String) throws {
        let entries = (0..<count).map { ("k\($0)", $0 % 100) }
        let bytes = try MessagePackEncoder().encode(MessagePackOrderedMap(entries: entries))
        let headerBytes = MessagePackHex.bytes(header)
        #expect(Array(bytes.prefix(headerBytes.count)) == headerBytes)
        let decoded = try MessagePackDecoder().decode([String: Int].self, from: bytes)
        #expect(decoded.count == count)
        #expect(decoded["k\(count - 1)"] == (count == 0 ? nil : (count - 1) % 100))
    }

    @Test func mapsOf15And16EntriesExactly() throws {
        let fifteen = (1...15).map { (String(UnicodeScalar(UInt8(0x60 + $0))), $0) }
        let sixteen = fifteen + [("p", 16)]
        let body15 = fifteen.map { "a1-\(String($0.0.utf8.first!, radix: 16))-\(MessagePackHex.string([UInt8($0.1)]))" }
        #expect(try MessagePackHex.encode(MessagePackOrderedMap(entries: fifteen)) == (["8f"] + body15).joined(separator: "-"))
        #expect(try MessagePackHex.encode(MessagePackOrderedMap(entries: sixteen)) == (["de-00-10"] + body15 + ["a1-70-10"]).joined(separator: "-"))
    }
}
