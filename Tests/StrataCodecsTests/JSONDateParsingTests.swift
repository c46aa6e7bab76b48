import FoundationEssentials
import StrataCodecs
import Testing

@Suite("JSONDateParsing.parseISO8601")
struct JSONDateParsingTests {
    static let valid: [(String, TimeInterval)] = [
        ("2026-11-23T11:36:13Z", 1_795_433_773),
        ("2026-11-23t11:36:13z", 1_795_433_773),
        ("2026-11-23T11:36:13.5Z", 1_795_433_773.5),
        ("2026-11-23T11:36:13.250Z", 1_795_433_773.25),
        ("2026-11-23T13:36:13+02:00", 1_795_433_773),
        ("2026-11-23T06:06:13-05:30", 1_795_433_773),
        ("2026-11-23T11:36:13-00:00", 1_795_433_773),
        ("2026-11-24T00:36:13+13:00", 1_795_433_773),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("1969-12-31T23:59:59.75Z", -0.25),
        ("2024-02-29T12:00:00Z", 1_709_208_000),
        ("2000-03-01T00:00:00Z", 951_868_800),
        ("0001-01-01T00:00:00Z", -62_135_596_800),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ]

    @Test("accepts RFC 3339 date-times", arguments: valid)
    func parsesValid(_ text: String, _ seconds: TimeInterval) throws {
        let date = try #require(JSONDateParsing.parseISO8601(text))
        #expect(date.timeIntervalSince1970 == seconds)
    }

    @Test("keeps fractions to the nanosecond and drops digits past it")
    func fractions() throws {
        let base = try #require(JSONDateParsing.parseISO8601("2026-11-23T11:36:13Z")).timeIntervalSinceReferenceDate
        let nanos = try #require(JSONDateParsing.parseISO8601("2026-11-23T11:36:13.123456789Z")).timeIntervalSinceReferenceDate
        #expect(abs(nanos - base - 0.123456789) < 1e-6)
        let long = try #require(JSONDateParsing.parseISO8601("2026-11-23T11:36:13.123456789999Z")).timeIntervalSinceReferenceDate
        #expect(long == nanos)
    }

    @Test("rejects anything else", arguments: [
        "", "2026-11-23", "2026-11-23T11:36:13", "2026-11-23T11:36Z", "2026-11-23 11:36:13Z",
        "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-31T00:00:00Z",
        "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z",
        "2026-11-23T23:59:60Z", "2026-11-23T11:36:13.Z", "2026-11-23T11:36:13+0200", "2026-11-23T11:36:13+02",
        "2026-11-23T11:36:13+24:00", "2026-11-23T11:36:13+02:60", "2026-11-23T11:36:13Zjunk", " 2026-11-23T11:36:13Z",
        "26-11-23T11:36:13Z", "2026-1-23T11:36:13Z", "+2026-11-23T11:36:13Z", "２０２６-11-23T11:36:13Z", "2026-11-23T11:36:1xZ",
    ])
    func rejectsInvalid(_ text: String) {
        #expect(JSONDateParsing.parseISO8601(text) == nil)
    }

    @Test("reads back every date the encoder writes, to the millisecond")
    func roundTripsEncoderOutput() throws {
        let encoder = JSONValueEncoder()
        var seconds = -62_135_596_800.0
        // Dates spread over years 1 to 9999, with and without milliseconds.
        while seconds < 253_402_300_000 {
            for fraction in [0.0, 0.001, 0.5, 0.999] {
                let date = Date(timeIntervalSince1970: seconds + fraction)
                let text = String(decoding: try encoder.encode(date), as: UTF8.self).dropFirst().dropLast()
                let parsed = try #require(JSONDateParsing.parseISO8601(String(text)))
                #expect(abs(parsed.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.0005, "\(text)")
            }
            seconds += 7_777_777_777.7
        }
    }
}
