import FoundationEssentials
import Testing
@testable import StrataCodecs

/// Ext vectors from msgpack-test-suite (https://github.com/kawanet/msgpack-test-suite,
/// 60.ext.yaml, MIT): the first encoding of each is the smallest.
@Suite struct MessagePackExtensionTests {
    @Test(arguments: [
        (Int8(1), "10", ["d4-01-10"]),                                                        // fixext 1
        (2, "20-21", ["d5-02-20-21"]),                                                        // fixext 2
        (3, "30-31-32-33", ["d6-03-30-31-32-33"]),                                            // fixext 4
        (4, "40-41-42-43-44-45-46-47", ["d7-04-40-41-42-43-44-45-46-47"]),                    // fixext 8
        (5, "50-51-52-53-54-55-56-57-58-59-5a-5b-5c-5d-5e-5f",
         ["d8-05-50-51-52-53-54-55-56-57-58-59-5a-5b-5c-5d-5e-5f"]),                          // fixext 16
        (6, "", ["c7-00-06", "c8-00-00-06", "c9-00-00-00-00-06"]),                            // ext 8/16/32
        (7, "70-71-72", ["c7-03-07-70-71-72", "c8-00-03-07-70-71-72", "c9-00-00-00-03-07-70-71-72"]),
        (-128, "01-02-03-04-05", ["c7-05-80-01-02-03-04-05"]),                                 // negative type
    ])
    func extensionsEncodeSmallestAndDecodeInEveryForm(type: Int8, data: String, encodings: [String]) throws {
        let ext = MessagePackExtension(type: type, data: MessagePackHex.bytes(data))
        #expect(try MessagePackHex.encode(ext) == encodings[0])
        for hex in encodings {
            #expect(try MessagePackHex.decode(MessagePackExtension.self, hex) == ext, "\(hex)")
        }
    }

    @Test(arguments: [
        (3, "c7-03"),
        (17, "c7-11"),                  // above fixext 16
        (255, "c7-ff"),                 // last ext 8
        (256, "c8-01-00"),              // first ext 16
        (65535, "c8-ff-ff"),            // last ext 16
        (65536, "c9-00-01-00-00"),      // first ext 32
    ])
    func extensionLengthBoundaries(length: Int, header: String) throws {
        let payload = [UInt8](repeating: 0xab, count: length)
        let bytes = try MessagePackEncoder().encode(MessagePackExtension(type: 9, data: payload))
        let headerBytes = MessagePackHex.bytes(header) + [9]
        #expect(Array(bytes.prefix(headerBytes.count)) == headerBytes)
        #expect(Array(bytes.dropFirst(headerBytes.count)) == payload)
        #expect(try MessagePackDecoder().decode(MessagePackExtension.self, from: bytes).data == payload)
    }

    @Test func otherCodersSeeATypeAndDataRecord() throws {
        let ext = MessagePackExtension(type: 7, data: [1, 2])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(ext)
        #expect(String(decoding: json, as: UTF8.self) == #"{"data":[1,2],"type":7}"#)
        #expect(try JSONDecoder().decode(MessagePackExtension.self, from: json) == ext)
    }

    struct Point: Codable, Equatable {
        var x: UInt8, y: UInt8
        init(x: UInt8, y: UInt8) { (self.x, self.y) = (x, y) }
        // A custom type written as an application ext (type 1) by calling the ext's Codable directly.
        func encode(to encoder: any Encoder) throws {
            try MessagePackExtension(type: 1, data: [x, y]).encode(to: encoder)
        }
        init(from decoder: any Decoder) throws {
            let ext = try MessagePackExtension(from: decoder)
            guard ext.type == 1, ext.data.count == 2 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not a point"))
            }
            (x, y) = (ext.data[0], ext.data[1])
        }
    }

    @Test func customTypesCanBeWrittenAsExtensions() throws {
        #expect(try MessagePackHex.encode([Point(x: 3, y: 4)]) == "91-d5-01-03-04")
        #expect(try MessagePackHex.decode([Point].self, "91-d5-01-03-04") == [Point(x: 3, y: 4)])
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Point.self, "d5-02-03-04") }
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Point.self, "92-03-04") }
    }
}
