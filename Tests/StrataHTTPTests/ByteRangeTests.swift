import Testing
import StrataHTTP

struct ByteRangeParsingTests {
    @Test(arguments: [
        ("bytes=0-0", [ByteRangeSpec.closed(first: 0, last: 0)]),
        ("bytes=0-499", [.closed(first: 0, last: 499)]),
        ("bytes=-1", [.suffix(length: 1)]),
        ("bytes=-0", [.suffix(length: 0)]),
        ("bytes=5-", [.from(first: 5)]),
        ("bytes=5-5", [.closed(first: 5, last: 5)]),
        ("bytes= 0-1 , 3-4", [.closed(first: 0, last: 1), .closed(first: 3, last: 4)]),
        ("bytes=0-1,3-4", [.closed(first: 0, last: 1), .closed(first: 3, last: 4)]),
        ("bytes=0-1\t,\t-2 ,5-", [.closed(first: 0, last: 1), .suffix(length: 2), .from(first: 5)]),
        ("BYTES=0-1", [.closed(first: 0, last: 1)]),
        ("Bytes=0-1", [.closed(first: 0, last: 1)]),
        ("bytes=,0-1,,", [.closed(first: 0, last: 1)]),
        (" bytes=0-1 ", [.closed(first: 0, last: 1)]),
        ("bytes=007-010", [.closed(first: 7, last: 10)]),
        ("bytes=0-5,3-8", [.closed(first: 0, last: 5), .closed(first: 3, last: 8)]),
        ("bytes=0-9223372036854775807", [.closed(first: 0, last: Int.max)]),
        ("bytes=-9223372036854775807", [.suffix(length: Int.max)]),
    ])
    func parsesValidRanges(field: String, expected: [ByteRangeSpec]) {
        #expect(RangeRequest.parse(field) == expected)
    }

    @Test(arguments: [
        "",
        "bytes",
        "bytes=",
        "bytes= ",
        "bytes=,",
        "bytes= , ,",
        "bytes=a-b",
        "bytes=0-b",
        "bytes=a-",
        "bytes=5-4",
        "bytes=0-1,5-4",            // one invalid element spoils the whole field
        "items=0-1",
        "byte=0-1",
        "bytesx=0-1",
        "bytes =0-1",
        "bytes:0-1",
        "=0-1",
        "bytes=-",
        "bytes=--1",
        "bytes=1-2-3",
        "bytes=-5-",
        "bytes=-5-10",
        "bytes=1--2",
        "bytes=+1-2",
        "bytes=1 -2",
        "bytes=1- 2",
        "bytes=0-1 3-4",
        "bytes=0-1;3-4",
        "bytes=0x10-20",
        "bytes=1.5-2",
        "bytes=٣-٤",                // non-ASCII digits
        "bytes=0-9223372036854775808",  // Int.max + 1
        "bytes=99999999999999999999-",
        "bytes=-99999999999999999999",
    ])
    func rejectsInvalidFields(field: String) {
        #expect(RangeRequest.parse(field) == nil)
    }
}

struct ByteRangeResolutionTests {
    @Test(arguments: [
        // Single ranges and clamping.
        ("bytes=0-0", 50, RangeRequest.Resolution.partial([0...0])),
        ("bytes=0-9", 50, .partial([0...9])),
        ("bytes=10-200", 50, .partial([10...49])),          // last-pos past the end is clamped
        ("bytes=49-49", 50, .partial([49...49])),
        ("bytes=5-", 50, .partial([5...49])),
        ("bytes=-1", 50, .partial([49...49])),
        ("bytes=-10", 50, .partial([40...49])),
        ("bytes=-50", 50, .whole),                          // suffix equal to length
        ("bytes=-100", 50, .whole),                         // suffix larger than length
        ("bytes=0-", 50, .whole),
        ("bytes=0-49", 50, .whole),
        ("bytes=0-9223372036854775807", 50, .whole),
        // Coalescing: overlapping, adjacent, contained, unordered.
        ("bytes=0-5,3-8", 50, .partial([0...8])),
        ("bytes=0-4,5-9", 50, .partial([0...9])),
        ("bytes=0-4,6-9", 50, .partial([0...4, 6...9])),
        ("bytes=0-20,5-6", 50, .partial([0...20])),
        ("bytes=20-29,0-9", 50, .partial([0...9, 20...29])),
        ("bytes=-5,0-1", 50, .partial([0...1, 45...49])),
        ("bytes=40-,-20", 50, .partial([30...49])),
        ("bytes=0-24,25-", 50, .whole),                     // together they cover everything
        ("bytes=0-1,0-1", 50, .partial([0...1])),
        // Unsatisfiable.
        ("bytes=100-", 50, .unsatisfiable),
        ("bytes=50-", 50, .unsatisfiable),
        ("bytes=50-60", 50, .unsatisfiable),
        ("bytes=-0", 50, .unsatisfiable),
        ("bytes=60-70,-0,100-", 50, .unsatisfiable),
        // Mixed: unsatisfiable specs are dropped.
        ("bytes=100-200,0-4", 50, .partial([0...4])),
        ("bytes=-0,10-", 50, .partial([10...49])),
        // Empty representation.
        ("bytes=0-0", 0, .unsatisfiable),
        // RFC 9110 §14.1.1: a non-zero suffix of an empty representation is satisfiable.
        ("bytes=-5", 0, .whole),
        ("bytes=-0", 0, .unsatisfiable),
        ("bytes=0-", 0, .unsatisfiable),
        // One-byte representation.
        ("bytes=0-0", 1, .whole),
        ("bytes=-1", 1, .whole),
        ("bytes=1-", 1, .unsatisfiable),
    ])
    func resolves(field: String, length: Int, expected: RangeRequest.Resolution) throws {
        let specs = try #require(RangeRequest.parse(field))
        #expect(RangeRequest.resolve(specs, length: length) == expected)
    }

    @Test func manyRangesUpToTheCapArePartial() {
        let specs = (0..<16).map { ByteRangeSpec.closed(first: $0 * 10, last: $0 * 10) }
        #expect(RangeRequest.resolve(specs, length: 1000) == .partial((0..<16).map { $0 * 10...$0 * 10 }))
    }

    @Test func exceedingTheCapSendsTheWholeRepresentation() {
        let specs = (0..<17).map { ByteRangeSpec.closed(first: $0 * 10, last: $0 * 10) }
        #expect(RangeRequest.resolve(specs, length: 1000) == .whole)
    }

    @Test func theCapCountsRangesAfterCoalescing() {
        // 100 overlapping single bytes coalesce into one range, under any cap.
        let specs = (0..<100).map { ByteRangeSpec.closed(first: $0, last: $0) }
        #expect(RangeRequest.resolve(specs, length: 1000, maxRanges: 1) == .partial([0...99]))
    }

    @Test(arguments: [
        (1, RangeRequest.Resolution.whole),
        (2, .partial([0...1, 5...6])),
        (0, .whole),
    ])
    func customCap(maxRanges: Int, expected: RangeRequest.Resolution) {
        let specs: [ByteRangeSpec] = [.closed(first: 0, last: 1), .closed(first: 5, last: 6)]
        #expect(RangeRequest.resolve(specs, length: 10, maxRanges: maxRanges) == expected)
    }

    @Test(arguments: [
        // Specs built in code rather than parsed may be nonsensical: they select nothing.
        ([ByteRangeSpec.closed(first: 5, last: 4)], RangeRequest.Resolution.unsatisfiable),
        ([.closed(first: -1, last: 4)], .unsatisfiable),
        ([.from(first: -1)], .unsatisfiable),
        ([.suffix(length: -3)], .unsatisfiable),
        ([], .unsatisfiable),
        ([.closed(first: 5, last: 4), .from(first: 8)], .partial([8...9])),
    ])
    func unparsedSpecsAreChecked(specs: [ByteRangeSpec], expected: RangeRequest.Resolution) {
        #expect(RangeRequest.resolve(specs, length: 10) == expected)
    }

    @Test func negativeLengthIsUnsatisfiable() {
        #expect(RangeRequest.resolve([.from(first: 0)], length: -1) == .unsatisfiable)
    }
}

struct ContentRangeTests {
    @Test(arguments: [
        (0...499, 1234, "bytes 0-499/1234"),
        (0...0, 1, "bytes 0-0/1"),
        (500...1233, 1234, "bytes 500-1233/1234"),
        (42...42, 9_000_000_000, "bytes 42-42/9000000000"),
    ])
    func header(range: ClosedRange<Int>, length: Int, expected: String) {
        #expect(ContentRange.header(range, length: length) == expected)
    }

    @Test(arguments: [(1234, "bytes */1234"), (0, "bytes */0")])
    func unsatisfiedHeader(length: Int, expected: String) {
        #expect(ContentRange.unsatisfiedHeader(length: length) == expected)
    }
}
