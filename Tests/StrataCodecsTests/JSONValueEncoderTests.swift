import FoundationEssentials
import StrataCodecs
import Testing

/// The JSON text `JSONValueEncoder` writes for `value`.
func strataJSON<T: Encodable>(
    _ value: T, _ formatting: JSONValueEncoder.OutputFormatting = [], typeEncoders: TypeEncoders = TypeEncoders()
) throws -> String {
    let bytes = try JSONValueEncoder(typeEncoders: typeEncoders, outputFormatting: formatting).encode(value)
    return String(decoding: bytes, as: UTF8.self)
}

/// One exact-output case: a value and the JSON it must become.
struct JSONCase: Sendable, CustomTestStringConvertible {
    let value: any Encodable & Sendable
    let expected: String
    var testDescription: String { expected }

    init(_ value: any Encodable & Sendable, _ expected: String) {
        self.value = value
        self.expected = expected
    }
}

@Suite("JSONValueEncoder: exact output")
struct JSONValueEncoderTests {
    static let integers: [JSONCase] = [
        JSONCase(0, "0"), JSONCase(7, "7"), JSONCase(-7, "-7"), JSONCase(10, "10"), JSONCase(1_000_000, "1000000"),
        JSONCase(Int8.min, "-128"), JSONCase(Int8.max, "127"),
        JSONCase(Int16.min, "-32768"), JSONCase(Int16.max, "32767"),
        JSONCase(Int32.min, "-2147483648"), JSONCase(Int32.max, "2147483647"),
        JSONCase(Int64.min, "-9223372036854775808"), JSONCase(Int64.max, "9223372036854775807"),
        JSONCase(Int.min, "-9223372036854775808"), JSONCase(Int.max, "9223372036854775807"),
        JSONCase(UInt8.min, "0"), JSONCase(UInt8.max, "255"),
        JSONCase(UInt16.max, "65535"), JSONCase(UInt32.max, "4294967295"),
        JSONCase(UInt64.max, "18446744073709551615"), JSONCase(UInt.max, "18446744073709551615"),
        JSONCase(Int128.min, "-170141183460469231731687303715884105728"),
        JSONCase(Int128.max, "170141183460469231731687303715884105727"),
        JSONCase(UInt128.max, "340282366920938463463374607431768211455"),
    ]

    @Test("integers, top level and inside an array (the generic path)", arguments: integers)
    func integer(_ testCase: JSONCase) throws {
        #expect(try strataJSON(testCase.value) == testCase.expected)
        #expect(try strataJSON([testCase.value].map(JSONTestBox.init)) == "[\(testCase.expected)]")
    }

    struct Widths: Encodable {
        var i = Int.min, i8 = Int8.min, i16 = Int16.min, i32 = Int32.min, i64 = Int64.min
        var u = UInt.max, u8 = UInt8.max, u16 = UInt16.max, u32 = UInt32.max, u64 = UInt64.max
        var i128 = Int128.min, u128 = UInt128.max
    }

    @Test("every integer width through the keyed container's own overloads")
    func keyedIntegerOverloads() throws {
        #expect(try strataJSON(Widths()) == """
            {"i":-9223372036854775808,"i8":-128,"i16":-32768,"i32":-2147483648,"i64":-9223372036854775808,\
            "u":18446744073709551615,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,\
            "i128":-170141183460469231731687303715884105728,"u128":340282366920938463463374607431768211455}
            """)
    }

    static let floatingPoint: [JSONCase] = [
        JSONCase(0.1, "0.1"), JSONCase(1e-7, "1e-07"), JSONCase(1e21, "1e+21"), JSONCase(-0.0, "-0"),
        JSONCase(0.0, "0"), JSONCase(1.0, "1"), JSONCase(-1.0, "-1"), JSONCase(100.0, "100"), JSONCase(-1.5, "-1.5"),
        JSONCase(123456.789, "123456.789"), JSONCase(1e15, "1000000000000000"),
        JSONCase(9_007_199_254_740_991.0, "9007199254740991"), JSONCase(-9_007_199_254_740_991.0, "-9007199254740991"),
        JSONCase(9_007_199_254_740_992.0, "9007199254740992"), JSONCase(18_014_398_509_481_984.0, "1.8014398509481984e+16"),
        JSONCase(1e16, "1e+16"), JSONCase(Double.leastNonzeroMagnitude, "5e-324"),
        JSONCase(Double.greatestFiniteMagnitude, "1.7976931348623157e+308"), JSONCase(2.5e-5, "2.5e-05"),
        JSONCase(Float(0.1), "0.1"), JSONCase(Float(1), "1"), JSONCase(Float(-0.0), "-0"), JSONCase(Float(1.5), "1.5"),
        JSONCase(Float(16_777_215), "16777215"), JSONCase(Float(16_777_216), "16777216"), JSONCase(Float(1e10), "1e+10"),
        JSONCase(Float.greatestFiniteMagnitude, "3.4028235e+38"), JSONCase(Float(1e-7), "1e-07"),
    ]

    @Test("doubles and floats: shortest digits, integral values without .0", arguments: floatingPoint)
    func floating(_ testCase: JSONCase) throws {
        #expect(try strataJSON(testCase.value) == testCase.expected)
        #expect(try strataJSON([testCase.value].map(JSONTestBox.init)) == "[\(testCase.expected)]")
    }

    @Test("integral doubles below 2^53 match what Foundation writes via description")
    func integralFastPathMatchesDescription() throws {
        for value in [1.0, 12.0, 999_999.0, 4_503_599_627_370_496.0, 9_007_199_254_740_990.0, -123_456_789_012_345.0] {
            var described = value.description
            if described.hasSuffix(".0") { described.removeLast(2) }
            #expect(try strataJSON(value) == described)
        }
    }

    static let strings: [JSONCase] = [
        JSONCase("", #""""#),
        JSONCase("plain", #""plain""#),
        JSONCase("quote\"here", #""quote\"here""#),
        JSONCase("back\\slash", #""back\\slash""#),
        JSONCase("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
        JSONCase("\u{00}\u{01}\u{1F}\u{0B}", #""\u0000\u0001\u001f\u000b""#),
        JSONCase("del\u{7F}", "\"del\u{7F}\""),
        JSONCase("a/b</script>", #""a/b</script>""#),
        JSONCase("héllo 日本 😀 \u{2028}", "\"héllo 日本 😀 \u{2028}\""),
        JSONCase("mixed \"é\"\n😀\\", #""mixed \"é\"\n😀\\""#),
    ]

    @Test("strings escape only quote, backslash and controls", arguments: strings)
    func string(_ testCase: JSONCase) throws {
        #expect(try strataJSON(testCase.value) == testCase.expected)
    }

    struct Address: Encodable { var city: String; var zip: String? }
    struct Person: Encodable {
        var name: String
        var nickname: String?
        var age: Int?
        var address: Address
        var scores: [Int?]
        var matrix: [[Int]]
    }
    struct Empty: Encodable {}
    enum Color: String, Encodable { case red }
    enum Level: Int, Encodable { case high = 2 }
    enum Shape: Encodable { case circle(radius: Double), point }
    struct Tagged: Encodable { var color: Color; var level: Level; var shape: Shape }

    static let structures: [JSONCase] = [
        JSONCase(Person(name: "Ada", nickname: nil, age: 36, address: Address(city: "London", zip: nil),
                        scores: [1, nil, 3], matrix: [[1, 2], [], [3]]),
                 #"{"name":"Ada","age":36,"address":{"city":"London"},"scores":[1,null,3],"matrix":[[1,2],[],[3]]}"#),
        JSONCase(Empty(), "{}"),
        JSONCase([Empty(), Empty()], "[{},{}]"),
        JSONCase([Int](), "[]"),
        JSONCase([[String]]([[], ["a"]]), #"[[],["a"]]"#),
        JSONCase([String?]([nil, nil]), "[null,null]"),
        JSONCase(Int?.none, "null"),
        JSONCase(Int?.some(5), "5"),
        JSONCase(true, "true"),
        JSONCase([true, false], "[true,false]"),
        JSONCase(Tagged(color: .red, level: .high, shape: .circle(radius: 1.5)),
                 #"{"color":"red","level":2,"shape":{"circle":{"radius":1.5}}}"#),
        JSONCase(Shape.point, #"{"point":{}}"#),
        JSONCase(["only": 1], #"{"only":1}"#),
        JSONCase([7: "seven"], #"{"7":"seven"}"#),
        JSONCase(["k": [Address(city: "Oslo", zip: "0150")]], #"{"k":[{"city":"Oslo","zip":"0150"}]}"#),
        JSONCase(["é\"\n": true], #"{"é\"\n":true}"#),
    ]

    @Test("nested arrays, objects, optionals, enums and dictionaries", arguments: structures)
    func structure(_ testCase: JSONCase) throws {
        #expect(try strataJSON(testCase.value) == testCase.expected)
    }

    @Test("dictionaries with many keys are deterministic with sortedKeys")
    func sortedDictionary() throws {
        let value: [String: [String: Int]] = ["b": ["y": 2, "x": 1], "a": [:], "é": ["z": 0], "B": ["k": 3]]
        #expect(try strataJSON(value, .sortedKeys) == #"{"B":{"k":3},"a":{},"b":{"x":1,"y":2},"é":{"z":0}}"#)
    }
}

/// Lets a heterogeneous table put its values in an array, exercising the generic element path.
struct JSONTestBox: Encodable {
    let base: any Encodable
    init(_ base: any Encodable) { self.base = base }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base)
    }
}
