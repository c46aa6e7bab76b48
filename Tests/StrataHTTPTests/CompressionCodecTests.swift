@testable import StrataHTTP
import Testing

@Suite("Content codings")
struct CompressionCodecTests {
    static let text = Array(String(repeating: "Strata layers its policies; the resolver merges them once. ", count: 200).utf8)

    @Test(arguments: ContentCoding.available)
    func aBodyRoundTrips(coding: ContentCoding) throws {
        let compressed = try #require(Compressor.compress(Self.text, coding: coding, level: coding == .brotli ? 4 : 6))
        #expect(compressed.count < Self.text.count / 10)
        #expect(try Decompressor.decompress(compressed, coding: coding) == Self.text)
        #expect(try Decompressor.decompress(try #require(Compressor.compress([], coding: coding, level: 6)), coding: coding) == [])
    }

    /// One-shot compressors are pooled and reset between bodies: nothing of one leaks into
    /// the next, from any thread.
    @Test func pooledCompressorsStartFresh() async throws {
        let bodies = (0..<40).map { index in Array("body \(index): ".utf8) + Array(Self.text.prefix(500 + index * 37)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for body in bodies {
                group.addTask {
                    for coding in [ContentCoding.gzip, .deflate] {
                        let compressed = try #require(Compressor.compress(body, coding: coding, level: 6))
                        #expect(try Decompressor.decompress(compressed, coding: coding) == body)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The formats are the RFC's: gzip's magic number (RFC 1952), deflate's zlib header with
    /// a valid check (RFC 1950), not raw deflate.
    @Test func theFormatsAreGzipAndZlib() throws {
        let gzip = try #require(Compressor.compress(Self.text, coding: .gzip, level: 6))
        #expect(gzip[0] == 0x1F && gzip[1] == 0x8B && gzip[2] == 8)
        let zlib = try #require(Compressor.compress(Self.text, coding: .deflate, level: 6))
        #expect(zlib[0] & 0x0F == 8 && (UInt16(zlib[0]) << 8 | UInt16(zlib[1])) % 31 == 0)
    }

    /// After a flush, what was written so far decodes to everything given so far: a stream's
    /// event is readable before the stream ends.
    @Test(arguments: ContentCoding.available)
    func aFlushMakesEverythingSoFarDecodable(coding: ContentCoding) throws {
        let compressor = try #require(Compressor(coding: coding, level: 6))
        var sent: [UInt8] = []
        var given: [UInt8] = []
        for event in ["data: one\n\n", "data: two\n\n", String(repeating: "data: three\n", count: 500) + "\n"] {
            given += Array(event.utf8)
            let output = compressor.compress(Array(event.utf8), flush: true)
            #expect(!output.isEmpty)
            sent += output
            #expect(try Decompressor.decompress(sent, coding: coding, allowingTruncation: true) == given)
        }
        sent += compressor.finish()
        #expect(try Decompressor.decompress(sent, coding: coding) == given)
        #expect(compressor.finish().isEmpty && compressor.compress([1], flush: true).isEmpty)
    }

    @Test func aDecompressionBombStopsAtTheLimit() throws {
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let bomb = try #require(Compressor.compress(zeros, coding: .gzip, level: 9))
        #expect(bomb.count < 20_000)
        #expect(throws: Decompressor.Failure.tooLarge) { try Decompressor.decompress(bomb, coding: .gzip, limit: 1 << 20) }
        #expect(throws: Decompressor.Failure.malformed) { try Decompressor.decompress(Array(bomb.prefix(100)), coding: .gzip) }
        #expect(throws: Decompressor.Failure.malformed) { try Decompressor.decompress(Array("not gzip".utf8), coding: .gzip) }
    }

    @Test func brotliIsThereExactlyWhenTheBuildHasIt() {
        #if STRATA_BROTLI
        #expect(ContentCoding.brotli.isAvailable && ContentCoding.available == [.brotli, .gzip, .deflate])
        #else
        #expect(!ContentCoding.brotli.isAvailable && ContentCoding.available == [.gzip, .deflate])
        #expect(Compressor(coding: .brotli, level: 4) == nil)
        #endif
    }

    // MARK: Accept-Encoding (RFC 9110 §12.5.3)

    @Test func qualitiesChooseTheCoding() {
        let offered: [ContentCoding] = [.gzip, .deflate]
        func choice(_ value: String?) -> ContentCoding? { AcceptEncoding(value.map { [$0] } ?? []).preferred(among: offered) }
        #expect(choice(nil) == nil)                                   // no field: identity
        #expect(choice("") == nil)                                    // empty: identity only
        #expect(choice("gzip") == .gzip)
        #expect(choice("deflate, gzip") == .gzip)                     // equal: the server's order
        #expect(choice("gzip;q=0.5, deflate;q=0.8") == .deflate)
        #expect(choice("GZIP;Q=1.0") == .gzip)                        // case-insensitive
        #expect(choice("x-gzip") == .gzip)                            // RFC 9110 §8.4.1.3
        #expect(choice("*") == .gzip)
        #expect(choice("*;q=0.1, gzip;q=0") == .deflate)              // * covers what is not named
        #expect(choice("gzip;q=0") == nil)
        #expect(choice("br, compress") == nil)                        // nothing offered is accepted
        #expect(choice("gzip;q=0.5, identity") == nil)                // identity preferred explicitly
        #expect(choice("gzip;q=2") == nil && choice("gzip;q=0.1234") == nil && choice("gzip;q=abc") == nil)  // not qvalues
        #expect(choice("gzip;q=0.001") == .gzip)
        #expect(AcceptEncoding(["gzip", "deflate;q=0.9"]).preferred(among: [.deflate, .gzip]) == .gzip)  // repeated fields
    }

    @Test func identityIsAcceptableUnlessRefused() {
        #expect(AcceptEncoding([]).acceptsIdentity)
        #expect(AcceptEncoding([""]).acceptsIdentity)
        #expect(AcceptEncoding(["gzip"]).acceptsIdentity)
        #expect(!AcceptEncoding(["gzip, identity;q=0"]).acceptsIdentity)
        #expect(!AcceptEncoding(["*;q=0"]).acceptsIdentity)
        #expect(AcceptEncoding(["*;q=0, identity"]).acceptsIdentity)
        #expect(AcceptEncoding(["*;q=0, identity;q=0.5"]).acceptsIdentity)
    }
}
