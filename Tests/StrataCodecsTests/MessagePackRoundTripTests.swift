import FoundationEssentials
import Testing
@testable import StrataCodecs

@Suite struct MessagePackRoundTripTests {
    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case polygon(points: [[Int32]], closed: Bool)
        case empty
    }

    struct Limits: Codable, Equatable {
        var int8: Int8 = .min, int16: Int16 = .min, int32: Int32 = .min, int64: Int64 = .min
        var uint8: UInt8 = .max, uint16: UInt16 = .max, uint32: UInt32 = .max, uint64: UInt64 = .max
        var int: Int = .max, uint: UInt = .max, int128: Int128 = Int128(Int64.min), uint128: UInt128 = 77
        var float: Float = .leastNonzeroMagnitude, double: Double = .greatestFiniteMagnitude
        var infinity: Double = -.infinity
    }

    struct Item: Codable, Equatable {
        var id: UUID
        var title: String
        var price: Decimal
        var link: URL?
        var created: Date
        var thumbnail: Data
        var checksum: [UInt8]
        var shape: Shape
        var attributes: [String: [Int]]
        var note: String??
        var raw: MessagePackExtension
    }

    struct Catalog: Codable, Equatable {
        var name: String
        var limits: Limits
        var items: [Item]
        var index: [Int: String]
        var matrix: [[Bool?]]
        var nothing: [Item]
        var longText: String
    }

    static func catalog() throws -> Catalog {
        let items = try (0..<40).map { index in
            let digits = String(index)
            let uuid = "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
            let shape: Shape
            if index.isMultiple(of: 2) {
                shape = .circle(radius: Double(index) / 3)
            } else if index.isMultiple(of: 5) {
                shape = .empty
            } else {
                shape = .polygon(points: [[0, 0], [Int32(index), -70_000]], closed: true)
            }
            return Item(
                id: try #require(UUID(uuidString: uuid)),
                title: "Item \(index) — ünïcødé ✓",
                price: try #require(Decimal(string: "\(index).99")),
                link: index.isMultiple(of: 3) ? nil : URL(string: "https://example.com/items/\(index)?q=a%20b"),
                created: Date(timeIntervalSinceReferenceDate: 700_000_000 + Double(index) * 0.001),
                thumbnail: Data((0..<(index * 10)).map { UInt8(truncatingIfNeeded: $0 * 7) }),
                checksum: [UInt8](repeating: UInt8(index), count: 32),
                shape: shape,
                attributes: ["sizes": Array(0..<index), "empty": []],
                note: index.isMultiple(of: 4) ? String??.some(nil) : index.isMultiple(of: 7) ? nil : "n\(index)",
                raw: MessagePackExtension(type: Int8(index), data: Array(repeating: 1, count: index % 18)))
        }
        return Catalog(
            name: "catalog", limits: Limits(), items: items,
            index: Dictionary(uniqueKeysWithValues: (0..<300).map { ($0 * -7, "v\($0)") }),
            matrix: [[true, nil, false], [], Array(repeating: nil, count: 20)],
            nothing: [],
            longText: String(repeating: "0123456789abcdef", count: 5_000))
    }

    @Test func largeNestedStructRoundTrips() throws {
        let catalog = try Self.catalog()
        let bytes = try MessagePackEncoder().encode(catalog)
        let decoded = try MessagePackDecoder().decode(Catalog.self, from: bytes)
        // `.some(nil)` collapses to nil for an omitted-or-nil key, as in JSON.
        var expected = catalog
        for index in expected.items.indices where expected.items[index].note == .some(nil) {
            expected.items[index].note = nil
        }
        #expect(decoded == expected)
        #expect(bytes.count > 80_000)
    }

    @Test func everyValueFamilyRoundTripsAsAnyValue() throws {
        let bytes = try MessagePackEncoder().encode(Self.catalog())
        let value = try MessagePackDecoder().decode(MessagePackAnyValue.self, from: bytes)
        guard case .map(let root) = value else {
            Issue.record("Expected a map")
            return
        }
        #expect(root["name"] == .string("catalog"))
        #expect(root["nothing"] == .array([]))
        guard case .map(let limits)? = root["limits"] else {
            Issue.record("Expected limits")
            return
        }
        #expect(limits["uint64"] == .uint(.max))
        #expect(limits["int64"] == .int(.min))
        #expect(limits["float"] == .double(Double(Float.leastNonzeroMagnitude)))
    }

    @Test func customKeyedLayoutsRoundTrip() throws {
        // Nested keyed/unkeyed containers written and read by hand.
        struct Manual: Codable, Equatable {
            var values: [Int]
            var label: String
            enum Keys: String, CodingKey { case outer, label }
            enum Inner: String, CodingKey { case list }
            init(values: [Int], label: String) { (self.values, self.label) = (values, label) }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var inner = container.nestedContainer(keyedBy: Inner.self, forKey: .outer)
                var list = inner.nestedUnkeyedContainer(forKey: .list)
                for value in values { try list.encode(value) }
                try container.encode(label, forKey: .label)
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                let inner = try container.nestedContainer(keyedBy: Inner.self, forKey: .outer)
                var list = try inner.nestedUnkeyedContainer(forKey: .list)
                values = []
                while !list.isAtEnd { values.append(try list.decode(Int.self)) }
                label = try container.decode(String.self, forKey: .label)
            }
        }
        let manual = Manual(values: [1, -1, 1000], label: "x")
        let bytes = try MessagePackEncoder().encode(manual)
        // {"outer": {"list": [1, -1, 1000]}, "label": "x"}
        #expect(MessagePackHex.string(bytes) ==
            "82-a5-6f-75-74-65-72-81-a4-6c-69-73-74-93-01-ff-cd-03-e8-a5-6c-61-62-65-6c-a1-78")
        #expect(try MessagePackDecoder().decode(Manual.self, from: bytes) == manual)
    }
}
