import FoundationEssentials
import StrataCodecs
import Testing

/// A Foundation `JSONDecoder` that reads Strata's ISO 8601 dates.
func strataJSONDecoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = JSONDateParsing.parseISO8601(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not ISO 8601: \(text)"))
        }
        return date
    }
    return decoder
}

/// One round-trip case; `Codable & Equatable` is opened by `roundTrips`.
struct JSONRoundTripCase: Sendable, CustomTestStringConvertible {
    let name: String
    let value: any Codable & Equatable & Sendable
    var testDescription: String { name }

    init(_ name: String, _ value: any Codable & Equatable & Sendable) {
        self.name = name
        self.value = value
    }
}

enum JSONRoundTrip {
    struct Flat: Codable, Equatable { var b = true; var s = "str"; var i = -5; var i8 = Int8.min; var i16 = Int16.max
        var i32 = Int32.min; var i64 = Int64.min; var u = UInt.max; var u8 = UInt8.max; var u16 = UInt16.max
        var u32 = UInt32.max; var u64 = UInt64.max; var d = 0.1; var f = Float(2.5) }
    struct Optionals: Codable, Equatable { var a: Int? = 1; var b: String? = nil; var c: [Int]? = []; var d: Double? = nil }
    struct Level3: Codable, Equatable { var leaf = "deep" }
    struct Level2: Codable, Equatable { var three = Level3(); var list = [Level3(), Level3(leaf: "x")] }
    struct Level1: Codable, Equatable { var two = Level2(); var n = 1 }
    enum Color: String, Codable { case red, green }
    enum Rank: Int, Codable { case low = 1, high = 10 }
    enum Shape: Codable, Equatable { case circle(radius: Double), rect(Double, Double), point, labeled(name: String, at: [Int]) }
    struct Stamped: Codable, Equatable { var at: Date; var blob: Data; var link: URL; var id: UUID; var price: Decimal }
    struct Empty: Codable, Equatable {}
    struct Extremes: Codable, Equatable {
        var values = [Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, -0.0, 1e21, 1e-7, 123.456, -9_007_199_254_740_992]
        var floats = [Float.greatestFiniteMagnitude, Float.leastNonzeroMagnitude, 0.1, 16_777_216]
    }
    struct Tree: Codable, Equatable { var value: Int; var children: [Tree] }
    indirect enum Expr: Codable, Equatable, Sendable { case number(Int), add(Expr, Expr), neg(Expr) }
    struct Mixed: Codable, Equatable { var color: Color?; var ranks: [Rank]; var shapes: [Shape]?; var tags: Set<String> }
    struct Unicode: Codable, Equatable { var text = "\u{0}\u{1F}\"\\/\n\t é 日本 😀 \u{2028}"; var keyed = ["é": 1, "😀": 2, "a\"b": 3, "": 4] }

    /// Hand-written containers: nested keyed/unkeyed and superEncoder, decoded back the same way.
    struct Custom: Codable, Equatable {
        var x: Int; var pairs: [[String]]; var base: Int
        enum Keys: String, CodingKey { case x, nested, pairs, base }
        init(x: Int, pairs: [[String]], base: Int) { self.x = x; self.pairs = pairs; self.base = base }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encode(x, forKey: .x)
            var list = nested.nestedUnkeyedContainer(forKey: .pairs)
            for pair in pairs {
                var inner = list.nestedUnkeyedContainer()
                for item in pair { try inner.encode(item) }
            }
            var superValue = container.superEncoder().singleValueContainer()
            try superValue.encode(base)
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let nested = try container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            x = try nested.decode(Int.self, forKey: .x)
            pairs = try nested.decode([[String]].self, forKey: .pairs)
            base = try container.superDecoder().singleValueContainer().decode(Int.self)
        }
    }
}

@Suite("JSONValueEncoder: Foundation's JSONDecoder reads back what we write")
struct JSONValueEncoderRoundTripTests {
    static let stamped = JSONRoundTrip.Stamped(
        at: Date(timeIntervalSince1970: 1_795_433_773.25), blob: Data([0, 1, 2, 250, 255]),
        link: URL(string: "https://example.com/p?q=a%20b#top") ?? URL(fileURLWithPath: "/"),
        id: UUID(uuid: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)),
        price: Decimal(string: "1234.5678") ?? 0
    )

    static let cases: [JSONRoundTripCase] = [
        JSONRoundTripCase("top-level Int", 42),
        JSONRoundTripCase("top-level String", "a \"quoted\"\nline"),
        JSONRoundTripCase("top-level Bool", false),
        JSONRoundTripCase("top-level nil", Int?.none),
        JSONRoundTripCase("[Int]", [3, 1, 2]),
        JSONRoundTripCase("[String: Int]", ["b": 2, "a": 1, "c": 3]),
        JSONRoundTripCase("every primitive", JSONRoundTrip.Flat()),
        JSONRoundTripCase("optionals", JSONRoundTrip.Optionals()),
        JSONRoundTripCase("three levels", JSONRoundTrip.Level1()),
        JSONRoundTripCase("jagged arrays", [[1, 2], [], [3], []]),
        JSONRoundTripCase("[Int?] with nils", [1, nil, 3, nil] as [Int?]),
        JSONRoundTripCase("string enum", [JSONRoundTrip.Color.red, .green]),
        JSONRoundTripCase("int enum", [JSONRoundTrip.Rank.high, .low]),
        JSONRoundTripCase("enum with associated values", [JSONRoundTrip.Shape.circle(radius: 1.5), .rect(2, 3), .point, .labeled(name: "n", at: [1])]),
        JSONRoundTripCase("Date, Data, URL, UUID, Decimal", stamped),
        JSONRoundTripCase("empty struct", JSONRoundTrip.Empty()),
        JSONRoundTripCase("empty array", [String]()),
        JSONRoundTripCase("empty dictionary", [String: Int]()),
        JSONRoundTripCase("nested dictionaries", ["x": ["y": 1, "z": 2], "w": [:]]),
        JSONRoundTripCase("Int-keyed dictionary", [1: "one", 2: "two"]),
        JSONRoundTripCase("array of structs", [JSONRoundTrip.Level3(leaf: "a"), JSONRoundTrip.Level3(leaf: "b")]),
        JSONRoundTripCase("floating-point extremes", JSONRoundTrip.Extremes()),
        JSONRoundTripCase("recursive tree", JSONRoundTrip.Tree(value: 1, children: [JSONRoundTrip.Tree(value: 2, children: []), JSONRoundTrip.Tree(value: 3, children: [JSONRoundTrip.Tree(value: 4, children: [])])])),
        JSONRoundTripCase("indirect enum", JSONRoundTrip.Expr.add(.number(1), .neg(.add(.number(2), .number(3))))),
        JSONRoundTripCase("mixed optionals and sets", JSONRoundTrip.Mixed(color: nil, ranks: [.low], shapes: [.point], tags: ["a", "b", "c"])),
        JSONRoundTripCase("unicode values and keys", JSONRoundTrip.Unicode()),
        JSONRoundTripCase("hand-written containers", JSONRoundTrip.Custom(x: 7, pairs: [["a", "b"], [], ["c"]], base: 99)),
        JSONRoundTripCase("integer extremes", [Int64.min, Int64.max, 0]),
        JSONRoundTripCase("unsigned extremes", [UInt64.max, 0]),
        JSONRoundTripCase("dates around the epoch", [Date(timeIntervalSince1970: -0.5), Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 86_399.75)]),
        JSONRoundTripCase("optional arrays of optionals", [[1, nil], nil, []] as [[Int?]?]),
    ]

    func roundTrips<T: Codable & Equatable>(_ value: T, _ formatting: JSONValueEncoder.OutputFormatting) throws -> Bool {
        let bytes = try JSONValueEncoder(outputFormatting: formatting).encode(value)
        return try strataJSONDecoder().decode(T.self, from: Data(bytes)) == value
    }

    @Test("decodes to an equal value", arguments: cases)
    func roundTrip(_ testCase: JSONRoundTripCase) throws {
        #expect(try roundTrips(testCase.value, []))
        #expect(try roundTrips(testCase.value, [.prettyPrinted, .sortedKeys]))
    }
}
