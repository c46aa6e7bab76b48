import FoundationEssentials
import StrataCodecs
import Testing

/// Keys for hand-written `encode(to:)` implementations.
enum JSONTestKey: String, CodingKey { case a, b, c, name, id, items }

/// Encodes by running a closure, to script container use in tests.
struct JSONScripted: Encodable {
    let body: (any Encoder) throws -> Void
    func encode(to encoder: any Encoder) throws { try body(encoder) }
}

class JSONTestBase: Encodable {
    var id = 1
    private enum CodingKeys: String, CodingKey { case id }
}

final class JSONTestSuperKeyed: JSONTestBase {
    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONTestKey.self)
        try container.encode("x", forKey: .name)
        try super.encode(to: container.superEncoder())
    }
}

final class JSONTestSharedContainer: JSONTestBase {
    override func encode(to encoder: any Encoder) throws {
        try super.encode(to: encoder)
        var container = encoder.container(keyedBy: JSONTestKey.self)
        try container.encode("x", forKey: .name)
    }
}

@Suite("JSONValueEncoder: containers, streaming rules, formatting")
struct JSONValueEncoderContainerTests {
    func invalidValueMessage(_ body: @escaping (any Encoder) throws -> Void) throws -> String {
        let error = try #require(throws: EncodingError.self) { try strataJSON(JSONScripted(body: body)) }
        guard case .invalidValue(_, let context) = error else { return "" }
        return context.debugDescription
    }

    @Test("writing to a nested keyed container after its parent throws")
    func keyedOutOfOrder() throws {
        let message = try invalidValueMessage { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            var nested = container.nestedContainer(keyedBy: JSONTestKey.self, forKey: .a)
            try nested.encode(1, forKey: .a)
            try container.encode(2, forKey: .b)
            try nested.encode(3, forKey: .c)
        }
        #expect(message.contains("already closed"))
    }

    @Test("writing to a nested unkeyed container after its parent throws")
    func unkeyedOutOfOrder() throws {
        let message = try invalidValueMessage { encoder in
            var list = encoder.unkeyedContainer()
            var inner = list.nestedUnkeyedContainer()
            try inner.encode(1)
            try list.encode(2)
            try inner.encode(3)
        }
        #expect(message.contains("already closed"))
    }

    @Test("opening a nested container from a closed container throws when encoding ends")
    func nestedFromClosedContainer() throws {
        _ = try invalidValueMessage { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            var nested = container.nestedContainer(keyedBy: JSONTestKey.self, forKey: .a)
            try container.encode(1, forKey: .b)
            _ = nested.nestedUnkeyedContainer(forKey: .c)
        }
    }

    @Test("nested containers written in order, including empty ones")
    func nestedInOrder() throws {
        let value = JSONScripted { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            var nested = container.nestedContainer(keyedBy: JSONTestKey.self, forKey: .a)
            try nested.encode(1, forKey: .a)
            var list = nested.nestedUnkeyedContainer(forKey: .b)
            try list.encode("x")
            var object = list.nestedContainer(keyedBy: JSONTestKey.self)
            try object.encodeNil(forKey: .c)
            _ = list.nestedUnkeyedContainer()
            _ = container.nestedContainer(keyedBy: JSONTestKey.self, forKey: .b)
            _ = container.nestedUnkeyedContainer(forKey: .c)
        }
        #expect(try strataJSON(value) == #"{"a":{"a":1,"b":["x",{"c":null},[]]},"b":{},"c":[]}"#)
    }

    @Test("the same key twice throws and names the key")
    func duplicateKey() throws {
        let message = try invalidValueMessage { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            try container.encode(1, forKey: .a)
            try container.encode(2, forKey: .a)
        }
        #expect(message.contains("\"a\""))
        #expect(message.contains("twice"))
    }

    @Test("duplicate detection also works past the linear-scan limit")
    func duplicateKeyInLargeObject() throws {
        struct Many: Encodable {
            struct Key: CodingKey {
                let stringValue: String
                init(stringValue: String) { self.stringValue = stringValue }
                var intValue: Int? { nil }
                init?(intValue: Int) { nil }
            }
            let names: [String]
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                for name in names { try container.encode(true, forKey: Key(stringValue: name)) }
            }
        }
        let unique = (0..<40).map { "k\($0)" }
        #expect(try strataJSON(Many(names: unique)).hasPrefix(#"{"k0":true,"k1":true,"#))
        #expect(throws: EncodingError.self) { try strataJSON(Many(names: unique + ["k3"])) }
        #expect(throws: EncodingError.self) { try strataJSON(Many(names: unique + ["k39"])) }
    }

    @Test("a subclass sharing its superclass's container cannot repeat a key, but can add keys")
    func sharedContainer() throws {
        #expect(try strataJSON(JSONTestSharedContainer()) == #"{"id":1,"name":"x"}"#)
    }

    @Test("superEncoder writes the super key; left unused it is an empty object")
    func superEncoder() throws {
        #expect(try strataJSON(JSONTestSuperKeyed()) == #"{"name":"x","super":{"id":1}}"#)
        let unused = JSONScripted { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            _ = container.superEncoder()
            try container.encode(1, forKey: .a)
            _ = container.superEncoder(forKey: .b)
        }
        #expect(try strataJSON(unused) == #"{"super":{},"a":1,"b":{}}"#)
        let single = JSONScripted { encoder in
            var container = encoder.container(keyedBy: JSONTestKey.self)
            var value = container.superEncoder(forKey: .c).singleValueContainer()
            try value.encode("s")
        }
        #expect(try strataJSON(single) == #"{"c":"s"}"#)
        let unkeyed = JSONScripted { encoder in
            var list = encoder.unkeyedContainer()
            try JSONTestBase().encode(to: list.superEncoder())
            _ = list.superEncoder()
            try list.encode(2)
        }
        #expect(try strataJSON(unkeyed) == #"[{"id":1},{},2]"#)
    }

    @Test("asking one encoder twice for a keyed container returns the same object")
    func sameContainerTwice() throws {
        let value = JSONScripted { encoder in
            var first = encoder.container(keyedBy: JSONTestKey.self)
            try first.encode(1, forKey: .a)
            var second = encoder.container(keyedBy: JSONTestKey.self)
            try second.encode(2, forKey: .b)
            try first.encode(3, forKey: .c)
        }
        #expect(try strataJSON(value) == #"{"a":1,"b":2,"c":3}"#)
    }

    @Test("a keyed then an unkeyed container from one encoder throws")
    func mixedContainers() throws {
        _ = try invalidValueMessage { encoder in
            _ = encoder.container(keyedBy: JSONTestKey.self)
            _ = encoder.unkeyedContainer()
        }
    }

    @Test("a second value through a single value container throws")
    func singleValueTwice() throws {
        _ = try invalidValueMessage { encoder in
            var container = encoder.singleValueContainer()
            try container.encode(1)
            try container.encode(2)
        }
        _ = try invalidValueMessage { encoder in
            var container = encoder.singleValueContainer()
            try container.encode(1)
            _ = encoder.container(keyedBy: JSONTestKey.self)
        }
    }

    struct Probe: Encodable {
        let expected: [String]
        func encode(to encoder: any Encoder) throws {
            #expect(encoder.codingPath.map(\.stringValue) == expected)
            var container = encoder.container(keyedBy: JSONTestKey.self)
            #expect(container.codingPath.map(\.stringValue) == expected)
            var nested = container.nestedUnkeyedContainer(forKey: .items)
            #expect(nested.codingPath.map(\.stringValue) == expected + ["items"])
            try nested.encode(true)
        }
    }

    struct Holder: Encodable {
        var first = Probe(expected: ["first"])
        var name = "plain"
        var list = [Probe(expected: ["list", "Index 0"]), Probe(expected: ["list", "Index 1"])]
        var count = 2
        var last = ["k": Probe(expected: ["last", "k"])]
    }

    @Test("codingPath inside nested values names keys and indexes")
    func codingPaths() throws {
        #expect(try strataJSON(Holder()) == #"{"first":{"items":[true]},"name":"plain","list":[{"items":[true]},{"items":[true]}],"#
                + #""count":2,"last":{"k":{"items":[true]}}}"#)
    }

    @Test("unkeyed count follows the elements written")
    func unkeyedCount() throws {
        let value = JSONScripted { encoder in
            var list = encoder.unkeyedContainer()
            #expect(list.count == 0)
            try list.encode(1)
            try list.encodeNil()
            #expect(list.count == 2)
        }
        #expect(try strataJSON(value) == "[1,null]")
    }

    @Test("a value that encodes nothing is an empty object, nested or not")
    func encodesNothing() throws {
        let nothing = JSONScripted { _ in }
        #expect(try strataJSON(nothing) == "{}")
        #expect(try strataJSON(["a": [nothing]]) == #"{"a":[{}]}"#)
    }

    struct Profile: Encodable {
        var name = "Ada"
        var tags = ["a", "b"]
        var empty: [Int] = []
        var none: [String: Int] = [:]
        var nested = ["k": 1]
    }

    @Test("prettyPrinted: two-space indent, \"key\": value, empty containers stay short")
    func prettyPrinted() throws {
        #expect(try strataJSON(Profile(), .prettyPrinted) == """
            {
              "name": "Ada",
              "tags": [
                "a",
                "b"
              ],
              "empty": [],
              "none": {},
              "nested": {
                "k": 1
              }
            }
            """)
        #expect(try strataJSON([Int](), .prettyPrinted) == "[]")
        #expect(try strataJSON(1, .prettyPrinted) == "1")
    }

    struct Unordered: Encodable {
        var zeta = 1
        var alpha = [Inner(), Inner()]
        var Mid = "m"
        struct Inner: Encodable { var y = 1; var x = 2 }
    }

    @Test("sortedKeys orders every object by key bytes, also when pretty-printed")
    func sortedKeys() throws {
        #expect(try strataJSON(Unordered(), .sortedKeys) == #"{"Mid":"m","alpha":[{"x":2,"y":1},{"x":2,"y":1}],"zeta":1}"#)
        #expect(try strataJSON(Unordered(), [.sortedKeys, .prettyPrinted]) == """
            {
              "Mid": "m",
              "alpha": [
                {
                  "x": 2,
                  "y": 1
                },
                {
                  "x": 2,
                  "y": 1
                }
              ],
              "zeta": 1
            }
            """)
        #expect(try strataJSON(JSONTestSuperKeyed(), .sortedKeys) == #"{"name":"x","super":{"id":1}}"#)
    }

    @Test("withoutEscapingSlashes changes nothing: slashes are never escaped")
    func slashes() throws {
        #expect(try strataJSON("a/b", .withoutEscapingSlashes) == #""a/b""#)
        #expect(try strataJSON("a/b") == #""a/b""#)
    }

    @Test("encode(_:into:) appends, and leaves the buffer untouched when it throws")
    func encodeInto() throws {
        let encoder = JSONValueEncoder()
        var buffer = Array("prefix:".utf8)
        try encoder.encode(["a": 1], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:{"a":1}"#)
        #expect(throws: EncodingError.self) { try encoder.encode([1.0, .nan], into: &buffer) }
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:{"a":1}"#)
    }

    @Test("top-level primitives are bare JSON values")
    func topLevelFragments() throws {
        #expect(try strataJSON("s") == #""s""#)
        #expect(try strataJSON(false) == "false")
        #expect(try strataJSON(String?.none) == "null")
    }
}
