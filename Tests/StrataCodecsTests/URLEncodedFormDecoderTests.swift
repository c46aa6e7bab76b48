import FoundationEssentials
@testable import StrataCodecs
import StrataHTTP
import Testing

@Suite("URLEncodedFormDecoder")
struct URLEncodedFormDecoderTests {
    let decoder = URLEncodedFormDecoder()

    enum Plan: String, Decodable { case free, pro }
    enum Priority: Int, Decodable { case low = 1, high = 2 }

    struct Everything: Decodable, Equatable {
        var text: String
        var flag: Bool
        var i: Int, i8: Int8, i16: Int16, i32: Int32, i64: Int64
        var u: UInt, u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64
        var d: Double, f: Float, dec: Decimal
        var id: UUID, at: Date, link: URL
        var plan: Plan, priority: Priority
    }

    @Test("every supported type")
    func everyType() throws {
        let form = "text=Ada+Lovelace%21&flag=on&i=-42&i8=-128&i16=32767&i32=-2147483648&i64=9223372036854775807"
            + "&u=18446744073709551615&u8=255&u16=65535&u32=4294967295&u64=0&d=-1.5e3&f=0.25&dec=1234.5678"
            + "&id=e621e1f8-c36c-495a-93fc-0c247a3e6e5f&at=2026-11-23T11%3A36%3A13Z&link=https%3A%2F%2Fexample.com%2Fa"
            + "&plan=pro&priority=2"
        let value = try decoder.decode(Everything.self, from: form)
        #expect(value == Everything(
            text: "Ada Lovelace!", flag: true, i: -42, i8: -128, i16: 32767, i32: -2_147_483_648, i64: .max,
            u: .max, u8: 255, u16: 65535, u32: 4_294_967_295, u64: 0, d: -1500, f: 0.25,
            dec: try #require(Decimal(string: "1234.5678")),
            id: try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")),
            at: Date(timeIntervalSince1970: 1_795_433_773), link: try #require(URL(string: "https://example.com/a")),
            plan: .pro, priority: .high
        ))
    }

    struct Flag: Decodable { var flag: Bool }

    @Test("booleans in any case", arguments: [
        ("true", true), ("TRUE", true), ("on", true), ("On", true), ("yes", true), ("YES", true), ("1", true),
        ("false", false), ("False", false), ("off", false), ("OFF", false), ("no", false), ("No", false), ("0", false),
        ("+on+", true),
    ])
    func booleans(_ text: String, _ expected: Bool) throws {
        #expect(try decoder.decode(Flag.self, from: "flag=\(text)").flag == expected)
    }

    @Test("the last value wins for a single field (hidden input before a checkbox)")
    func lastValueWins() throws {
        #expect(try decoder.decode(Flag.self, from: "flag=off&flag=on").flag)
        #expect(try decoder.decode(Flag.self, from: "flag=on&flag=off").flag == false)
    }

    struct Optionals: Decodable, Equatable {
        var name: String?
        var age: Int?
        var score: Double?
        var flag: Bool?
        var at: Date?
        var id: UUID?
        var plan: Plan?
    }

    @Test("a missing key is nil; an empty value is nil except for String")
    func optionals() throws {
        #expect(try decoder.decode(Optionals.self, from: "") == Optionals())
        #expect(try decoder.decode(Optionals.self, from: "name=&age=&score=&flag=&at=&id=&plan=") == Optionals(name: ""))
        #expect(try decoder.decode(Optionals.self, from: "name=x&age=3&flag=no&plan=free&at=2026-11-23")
                == Optionals(name: "x", age: 3, flag: false, at: Date(timeIntervalSince1970: 1_795_392_000), plan: .free))
    }

    struct Lists: Decodable, Equatable {
        var tags: [String]
        var ids: [Int]
        var maybe: [Int?]?
        var unique: Set<String>
    }

    @Test("arrays from repeated keys, [] suffixes and numeric indexes; missing is empty")
    func arrays() throws {
        let value = try decoder.decode(Lists.self, from: "tags=a&ids=3&tags%5B%5D=b&tags[]=c&ids=1&maybe=1&maybe=&maybe=3&unique=x&unique=x")
        #expect(value == Lists(tags: ["a", "b", "c"], ids: [3, 1], maybe: [1, nil, 3], unique: ["x"]))
        let indexed = try decoder.decode(Lists.self, from: "ids[1]=20&ids[0]=10&ids[10]=30")
        #expect(indexed == Lists(tags: [], ids: [10, 20, 30], maybe: nil, unique: []))
    }

    struct Flat: Decodable, Equatable { var name: String }

    @Test("a name nested deeper than 32 levels is one literal name, not a stack overflow")
    func hostileNesting() throws {
        // 200,000 levels: recursing once per level would overflow a thread's stack.
        let deep = "a" + String(repeating: "[b]", count: 200_000)
        let value = try decoder.decode([String: String].self, from: "\(deep)=1&name=x")
        #expect(value[deep] == "1")
        #expect(try decoder.decode(Flat.self, from: "\(deep)=1&name=x") == Flat(name: "x"))
        let atTheLimit = "a" + String(repeating: "[b]", count: 31)
        #expect(URLEncodedFormNode.path(of: atTheLimit).count == 32)
        #expect(URLEncodedFormNode.path(of: atTheLimit + "[b]") == [atTheLimit + "[b]"])
    }

    struct Address: Decodable, Equatable { var city: String; var zip: String? }
    struct Item: Decodable, Equatable { var sku: String; var qty: Int }
    struct Order: Decodable, Equatable {
        var name: String
        var address: Address
        var billing: Address?
        var items: [Item]
        var meta: [String: String]
    }

    @Test("nested objects, lists of objects and dictionaries with brackets")
    func nested() throws {
        let form = "name=A&address%5Bcity%5D=Oslo&items[1][sku]=b&items[1][qty]=2&items[0][sku]=a&items[0][qty]=1"
            + "&meta[z]=last&meta[a]=first"
        let order = try decoder.decode(Order.self, from: form)
        #expect(order == Order(name: "A", address: Address(city: "Oslo", zip: nil), billing: nil,
                               items: [Item(sku: "a", qty: 1), Item(sku: "b", qty: 2)], meta: ["z": "last", "a": "first"]))
    }

    @Test("malformed bracket names are taken literally")
    func literalNames() throws {
        let value = try decoder.decode([String: String].self, from: "a[b=1&c]d=2&[e]=3&f[g]h=4&i[][j]=5")
        #expect(value == ["a[b": "1", "c]d": "2", "[e]": "3", "f[g]h": "4", "i[][j]": "5"])
    }

    @Test("decodes from a URLEncodedForm too")
    func fromForm() throws {
        let form = URLEncodedForm([("address[city]", "Bergen"), ("name", "B"), ("items[0][sku]", "s"), ("items[0][qty]", "9")])
        let order = try decoder.decode(Order.self, from: form)
        #expect(order.address.city == "Bergen")
        #expect(order.items == [Item(sku: "s", qty: 9)])
        #expect(order.meta == [:])  // a form cannot send an empty dictionary, so missing means empty
    }

    struct Small: Decodable { var n: Int8; var u: UInt8; var f: Float; var d: Double }
    struct Needs: Decodable { var age: Int; var name: String; var address: Address }

    /// The error thrown, its coding path as a form name, and its description.
    func failure<T: Decodable>(_ type: T.Type, _ form: String) throws -> (DecodingError, String, String) {
        let error = try #require(throws: DecodingError.self) { try decoder.decode(type, from: form) }
        let path: [any CodingKey]
        let description: String
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]; description = context.debugDescription
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath; description = context.debugDescription
        @unknown default: path = []; description = ""
        }
        let name = path.map(\.stringValue).joined(separator: ".")
        return (error, name, description)
    }

    @Test("invalid and out-of-range values name the field", arguments: [
        ("n=abc&u=1&f=1&d=1", "n", "must be an integer"),
        ("n=128&u=1&f=1&d=1", "n", "out of range for Int8"),
        ("n=-129&u=1&f=1&d=1", "n", "out of range for Int8"),
        ("n=1&u=-1&f=1&d=1", "u", "out of range for UInt8"),
        ("n=1&u=256&f=1&d=1", "u", "out of range for UInt8"),
        ("n=1.5&u=1&f=1&d=1", "n", "must be an integer"),
        ("n=1&u=1&f=1e39&d=1", "f", "out of range for Float"),
        ("n=1&u=1&f=1&d=nan", "d", "must be a number"),
        ("n=1&u=1&f=1&d=inf", "d", "must be a number"),
        ("n=1&u=1&f=1&d=0x10", "d", "must be a number"),
        ("n=1&u=1&f=1&d=1e400", "d", "out of range for Double"),
        ("n=1&u=1&f=1&d=", "d", "'d' is empty"),
        ("n=1&u=1&f=1", "d", "'d' is missing"),
        ("n[x]=1&u=1&f=1&d=1", "n", "must be a single value"),
    ])
    func invalidValues(_ form: String, _ field: String, _ message: String) throws {
        let (_, name, description) = try failure(Small.self, form)
        #expect(name == field)
        #expect(description.contains(message), "\(description)")
    }

    @Test("errors for nested fields use bracket names")
    func nestedErrors() throws {
        let (missing, path, description) = try failure(Needs.self, "age=1&name=x&address[zip]=1")
        guard case .keyNotFound(let key, _) = missing else { Issue.record("expected keyNotFound"); return }
        #expect(key.stringValue == "city")
        #expect(path == "address.city")
        #expect(description == "Form field 'address[city]' is missing.")
        let (_, _, plain) = try failure(Needs.self, "age=1&name=x&address=Oslo")
        #expect(plain.contains("'address' must have nested fields"))
        let (_, _, noAddress) = try failure(Needs.self, "age=1&name=x")
        #expect(noAddress == "Form field 'address' is missing.")
        let (_, listPath, listDescription) = try failure(Order.self, "name=a&address[city]=c&items[0][sku]=s&items[0][qty]=x")
        #expect(listPath == "items.0.qty")
        #expect(listDescription.contains("'items[0][qty]' must be an integer"))
    }

    @Test("invalid UUID, Date, URL, Bool, Decimal and enum values are errors", arguments: [
        "id=not-a-uuid", "at=2026-11-23T11:36:13", "at=yesterday", "link=ht+tp%3A%2F%2Fx", "flag=maybe", "dec=12abc", "plan=gold", "priority=3",
    ])
    func invalidSpecials(_ form: String) throws {
        struct Specials: Decodable {
            var id: UUID?; var at: Date?; var link: URL?; var flag: Bool?; var dec: Decimal?
            var plan: Plan?; var priority: Priority?
        }
        let (error, name, _) = try failure(Specials.self, form)
        #expect(name == String(form.prefix { $0 != "=" }), "\(error)")
    }

    @Test("top-level lists and dictionaries")
    func topLevel() throws {
        #expect(try decoder.decode([String: Int].self, from: "a=1&b=2") == ["a": 1, "b": 2])
        #expect(try decoder.decode([String: [String]].self, from: "a=1&a=2&b[]=3") == ["a": ["1", "2"], "b": ["3"]])
    }
}
