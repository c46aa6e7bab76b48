import FoundationEssentials
import StrataCodecs
import Testing

@Suite("JSONValueEncoder: Date, Data, URL, UUID, Decimal, overrides, non-finite numbers")
struct JSONValueEncoderSpecialTypesTests {
    static let dates: [(TimeInterval, String)] = [
        (1_795_433_773, "2026-11-23T11:36:13Z"),
        (1_795_433_773.5, "2026-11-23T11:36:13.500Z"),
        (1_795_433_773.123, "2026-11-23T11:36:13.123Z"),
        (1_795_433_773.007, "2026-11-23T11:36:13.007Z"),
        (1_795_433_773.0004, "2026-11-23T11:36:13Z"),      // rounds to a whole second
        (1_795_433_773.9996, "2026-11-23T11:36:14Z"),      // rounding carries into the seconds
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (1_709_208_000, "2024-02-29T12:00:00Z"),
        (951_868_800, "2000-03-01T00:00:00Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ]

    @Test("Date is ISO 8601 UTC, milliseconds only when not zero", arguments: dates)
    func date(_ seconds: TimeInterval, _ expected: String) throws {
        #expect(try strataJSON(Date(timeIntervalSince1970: seconds)) == "\"\(expected)\"")
    }

    @Test("Date.distantPast and distantFuture, in the proleptic Gregorian calendar ISO 8601 uses")
    func distantDates() throws {
        // Foundation calls distantPast 0001-01-01 in the Julian calendar; Gregorian, it is two days earlier.
        #expect(try strataJSON([Date.distantPast, Date.distantFuture]) == #"["0000-12-30T00:00:00Z","4001-01-01T00:00:00Z"]"#)
        #expect(JSONDateParsing.parseISO8601("0000-12-30T00:00:00Z") == Date.distantPast)
    }

    @Test("a Date outside years 0000–9999 throws", arguments: [253_402_300_800.0, -62_167_219_201.0])
    func dateOutOfRange(_ seconds: TimeInterval) {
        #expect(throws: EncodingError.self) { try strataJSON(Date(timeIntervalSince1970: seconds)) }
    }

    @Test("Data is padded base64", arguments: [
        ([UInt8](), ""), ([0], "AA=="), ([0, 1], "AAE="), ([0xFF, 0xFE, 0xFD], "//79"),
        ([0xFF, 0xFE, 0xFD, 0xFC], "//79/A=="), (Array("foobar".utf8), "Zm9vYmFy"), (Array("fooba".utf8), "Zm9vYmE="),
    ])
    func data(_ bytes: [UInt8], _ expected: String) throws {
        #expect(try strataJSON(Data(bytes)) == "\"\(expected)\"")
        #expect(Data(bytes).base64EncodedString() == expected)
    }

    @Test("URL is its absoluteString, slashes unescaped")
    func url() throws {
        let absolute = try #require(URL(string: "https://example.com/a/b?q=1&r=%20#frag"))
        #expect(try strataJSON(absolute) == #""https://example.com/a/b?q=1&r=%20#frag""#)
        let base = try #require(URL(string: "https://example.com/dir/"))
        let relative = try #require(URL(string: "file.txt", relativeTo: base))
        #expect(try strataJSON(relative) == #""https://example.com/dir/file.txt""#)
    }

    @Test("UUID is lowercase")
    func uuid() throws {
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(try strataJSON(uuid) == #""e621e1f8-c36c-495a-93fc-0c247a3e6e5f""#)
        #expect(try strataJSON(["id": UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF))])
                == #"{"id":"00010203-0405-0607-0809-0a0b0c0d0eff"}"#)
    }

    @Test("Decimal is a JSON number with all its digits", arguments: [
        ("3.14", "3.14"), ("-0.001", "-0.001"), ("0", "0"), ("1e30", "1000000000000000000000000000000"),
        ("12345678901234567890.123456789", "12345678901234567890.123456789"),
    ])
    func decimal(_ text: String, _ expected: String) throws {
        let value = try #require(Decimal(string: text))
        #expect(try strataJSON(value) == expected)
        #expect(try strataJSON(["d": value]) == "{\"d\":\(expected)}")
    }

    struct Event: Encodable { var at: Date; var id: UUID; var count: Int; var names: [String] }

    @Test("a TypeEncoders override replaces the built-in rule everywhere the type appears")
    func typeEncoderOverride() throws {
        let encoders = TypeEncoders()
            .encoding(Date.self) { $0.timeIntervalSince1970 }
            .encoding(UUID.self) { $0.uuidString }
            .encoding(Int.self) { "#\($0)" }
        let id = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        let event = Event(at: Date(timeIntervalSince1970: 1.5), id: id, count: 3, names: ["x"])
        #expect(try strataJSON(event, typeEncoders: encoders)
                == ##"{"at":1.5,"id":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","count":"#3","names":["x"]}"##)
        #expect(try strataJSON([1, 2], typeEncoders: encoders) == ##"["#1","#2"]"##)
        #expect(try strataJSON(7, typeEncoders: encoders) == ##""#7""##)
        // Without overrides the same value uses the built-in rules.
        #expect(try strataJSON(event) == #"{"at":"1970-01-01T00:00:01.500Z","id":"e621e1f8-c36c-495a-93fc-0c247a3e6e5f","count":3,"names":["x"]}"#)
    }

    struct Money: Encodable { var cents: Int }

    @Test("an override may return its own type without recursing, or a structure")
    func overrideReturningSameTypeOrStructure() throws {
        let shifted = TypeEncoders().encoding(Date.self) { $0.addingTimeInterval(60) }
        #expect(try strataJSON(Date(timeIntervalSince1970: 0), typeEncoders: shifted) == #""1970-01-01T00:01:00Z""#)
        let money = TypeEncoders().encoding(Money.self) { ["amount": Decimal($0.cents) / 100] }
        #expect(try strataJSON([Money(cents: 1999)], typeEncoders: money) == #"[{"amount":19.99}]"#)
    }

    struct Reading: Encodable { var value: Double }
    struct FloatReading: Encodable { var value: Float }

    @Test("NaN and infinities throw invalidValue with the coding path", arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteDouble(_ value: Double) throws {
        let error = try #require(throws: EncodingError.self) { try strataJSON(Reading(value: value)) }
        guard case .invalidValue(_, let context) = error else {
            Issue.record("expected invalidValue, got \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["value"])
        #expect(context.debugDescription.contains("Double"))
        #expect(throws: EncodingError.self) { try strataJSON([1, value]) }
        #expect(throws: EncodingError.self) { try strataJSON(FloatReading(value: Float(value))) }
        #expect(throws: EncodingError.self) { try strataJSON(value) }
    }

    @Test("an error inside an array reports the element index")
    func errorPathInArray() throws {
        let error = try #require(throws: EncodingError.self) { try strataJSON(["list": [Reading(value: 1), Reading(value: .nan)]]) }
        guard case .invalidValue(_, let context) = error else { return }
        #expect(context.codingPath.map(\.stringValue) == ["list", "Index 1", "value"])
        #expect(context.codingPath[1].intValue == 1)
    }

    @Test("Decimal.nan throws")
    func decimalNaN() {
        #expect(throws: EncodingError.self) { try strataJSON(Decimal.nan) }
    }
}
