import FoundationEssentials
import Testing
@testable import StrataCodecs

/// Timestamp extension (type -1) vectors from msgpack-test-suite
/// (https://github.com/kawanet/msgpack-test-suite, 50.timestamp.yaml, MIT).
@Suite struct MessagePackTimestampTests {
    static let vectors: [(seconds: Int64, nanoseconds: UInt32, hex: String)] = [
        (1_514_862_245, 0, "d6-ff-5a-4a-f6-a5"),                                      // 2018-01-02T03:04:05Z
        (1_514_862_245, 678_901_234, "d7-ff-a1-dc-d7-c8-5a-4a-f6-a5"),
        (2_147_483_647, 999_999_999, "d7-ff-ee-6b-27-fc-7f-ff-ff-ff"),
        (2_147_483_648, 0, "d6-ff-80-00-00-00"),
        (2_147_483_648, 1, "d7-ff-00-00-00-04-80-00-00-00"),
        (4_294_967_295, 0, "d6-ff-ff-ff-ff-ff"),                                      // last timestamp 32
        (4_294_967_295, 999_999_999, "d7-ff-ee-6b-27-fc-ff-ff-ff-ff"),
        (4_294_967_296, 0, "d7-ff-00-00-00-01-00-00-00-00"),                          // 2^32 needs 64
        (17_179_869_183, 999_999_999, "d7-ff-ee-6b-27-ff-ff-ff-ff-ff"),               // last timestamp 64
        (17_179_869_184, 0, "c7-0c-ff-00-00-00-00-00-00-00-04-00-00-00-00"),          // 2^34 needs 96
        (-1, 0, "c7-0c-ff-00-00-00-00-ff-ff-ff-ff-ff-ff-ff-ff"),                      // before 1970: 96
        (-1, 999_999_999, "c7-0c-ff-3b-9a-c9-ff-ff-ff-ff-ff-ff-ff-ff-ff"),
        (0, 0, "d6-ff-00-00-00-00"),
        (0, 1, "d7-ff-00-00-00-04-00-00-00-00"),
        (1, 0, "d6-ff-00-00-00-01"),
        (-2_208_988_801, 999_999_999, "c7-0c-ff-3b-9a-c9-ff-ff-ff-ff-ff-7c-55-81-7f"), // 1899-12-31
        (-62_167_219_200, 0, "c7-0c-ff-00-00-00-00-ff-ff-ff-f1-86-8b-84-00"),         // 0000-01-01
        (253_402_300_799, 999_999_999, "c7-0c-ff-3b-9a-c9-ff-00-00-00-3a-ff-f4-41-7f"), // 9999-12-31
    ]

    @Test func vectorsEncodeInTheSmallestForm() throws {
        for vector in Self.vectors {
            var writer = MessagePackWriter()
            try writer.write(.timestamp(MessagePackTimestamp(seconds: vector.seconds, nanoseconds: vector.nanoseconds)), codingPath: [])
            #expect(MessagePackHex.string(writer.bytes) == vector.hex, "\(vector.seconds).\(vector.nanoseconds)")
        }
    }

    @Test func vectorsDecode() throws {
        for vector in Self.vectors {
            let ext = try MessagePackHex.decode(MessagePackExtension.self, vector.hex)
            #expect(ext.type == -1)
            let timestamp = try #require(MessagePackTimestamp(payload: ext.data))
            #expect(timestamp == MessagePackTimestamp(seconds: vector.seconds, nanoseconds: vector.nanoseconds))
            // And as a Date, to Double's precision.
            let date = try MessagePackHex.decode(Date.self, vector.hex)
            let expected = Double(vector.seconds) + Double(vector.nanoseconds) / 1e9
            #expect(abs(date.timeIntervalSince1970 - expected) <= abs(expected) * 1e-15 + 1e-9)
        }
    }

    @Test(arguments: [
        (0.0, "d6-ff-00-00-00-00"),
        (1_514_862_245, "d6-ff-5a-4a-f6-a5"),
        (1_514_862_245.5, "d7-ff-77-35-94-00-5a-4a-f6-a5"),                  // fraction → 64
        (4_294_967_296, "d7-ff-00-00-00-01-00-00-00-00"),
        (17_179_869_184, "c7-0c-ff-00-00-00-00-00-00-00-04-00-00-00-00"),
        (-1, "c7-0c-ff-00-00-00-00-ff-ff-ff-ff-ff-ff-ff-ff"),                // pre-1970 → 96
        (-1.5, "c7-0c-ff-1d-cd-65-00-ff-ff-ff-ff-ff-ff-ff-fe"),              // -2 s + 0.5 s
    ])
    func datesEncodeInTheSmallestForm(secondsSince1970: Double, hex: String) throws {
        let date = Date(timeIntervalSince1970: secondsSince1970)
        #expect(try MessagePackHex.encode(date) == hex)
        #expect(try MessagePackHex.decode(Date.self, hex) == date)
    }

    @Test func datesRoundTripExactly() throws {
        let dates = [
            Date(timeIntervalSinceReferenceDate: 785_000_000.123456),   // 2025, sub-microsecond bits
            Date(timeIntervalSinceReferenceDate: -1_000_000_000.75),    // 1969
            Date.distantPast, Date.distantFuture,
        ]
        for date in dates {
            let bytes = try MessagePackEncoder().encode(date)
            #expect(try MessagePackDecoder().decode(Date.self, from: bytes) == date, "\(date.timeIntervalSinceReferenceDate)")
        }
    }

    @Test func nanosecondsRoundToTheNearest() throws {
        // 0.9999999999 s rounds up into the next whole second.
        let timestamp = try #require(MessagePackTimestamp(Date(timeIntervalSince1970: 0.9999999999)))
        #expect(timestamp == MessagePackTimestamp(seconds: 1, nanoseconds: 0))
    }

    @Test(arguments: [
        "d7-ff-ee-6b-28-00-00-00-00-00",                   // 64: nanoseconds = 1 000 000 000
        "c7-0c-ff-3b-9a-ca-00-00-00-00-00-00-00-00-00",    // 96: nanoseconds = 1 000 000 000
        "d5-ff-00-00",                                     // 2-byte payload
        "c7-05-ff-00-00-00-00-00",                         // 5-byte payload
        "c7-00-ff",                                        // empty payload
    ])
    func invalidTimestampsAreDataCorrupted(hex: String) throws {
        #expect(throws: DecodingError.self) { try MessagePackHex.decode(Date.self, hex) }
        // Still a well-formed ext value, so readable as one.
        #expect(try MessagePackHex.decode(MessagePackExtension.self, hex).type == -1)
    }
}
