import FoundationEssentials
import StrataCodecs
import Testing

@Suite("JSONValueEncoder: a failed value that the caller catches leaves valid JSON")
struct JSONValueEncoderRecoveryTests {
    struct Reading: Encodable { var value: Double }

    @Test("a member whose value throws is taken back, with everything it opened")
    func memberRollback() throws {
        let value = JSONScripted { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            try container.encode(1, forKey: .a)
            try? container.encode([Reading(value: 1), Reading(value: .nan)], forKey: .b)
            try container.encode(2, forKey: .c)
            try? container.encode(Double.nan, forKey: .items)
            try container.encode(3.5, forKey: .items)  // the failed key can be used again
        }
        #expect(try strataJSON(value) == #"{"a":1,"c":2,"items":3.5}"#)
        #expect(try strataJSON(value, [.sortedKeys, .prettyPrinted]) == """
            {
              "a": 1,
              "c": 2,
              "items": 3.5
            }
            """)
        #expect(try strataJSON(["only": value], .sortedKeys) == #"{"only":{"a":1,"c":2,"items":3.5}}"#)
    }

    struct NameKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    @Test("a taken-back key can be reused in a large object too (set-based duplicate check)")
    func largeObjectRollback() throws {
        let value = JSONScripted { encoder in
            var container = encoder.container(keyedBy: NameKey.self)
            for index in 0..<20 { try container.encode(index, forKey: NameKey(stringValue: "k\(index)")) }
            try? container.encode(Double.nan, forKey: NameKey(stringValue: "late"))
            try container.encode(true, forKey: NameKey(stringValue: "late"))
            #expect(throws: EncodingError.self) { try container.encode(false, forKey: NameKey(stringValue: "late")) }
        }
        #expect(try strataJSON(value).hasSuffix(#""k19":19,"late":true}"#))
    }

    @Test("an element whose value throws is taken back")
    func elementRollback() throws {
        let value = JSONScripted { encoder in
            var list = encoder.unkeyedContainer()
            try? list.encode(Float.infinity)
            try list.encode(1)
            try? list.encode(["k": Reading(value: -.infinity)])
            try list.encode(2)
            #expect(list.count == 2)
        }
        #expect(try strataJSON(value) == "[1,2]")
        #expect(try strataJSON(value, .prettyPrinted) == "[\n  1,\n  2\n]")
    }
}
