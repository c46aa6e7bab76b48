/// A content coding Strata can apply to a response (RFC 9110 §8.4.1).
public enum ContentCoding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// gzip (RFC 1952), through the system zlib.
    case gzip
    /// The zlib format (RFC 1950), which HTTP calls `deflate`, through the system zlib.
    case deflate
    /// Brotli (RFC 7932), through the system library when it was there at build time (see
    /// ``isAvailable``).
    case brotli = "br"

    /// The coding's name in `Content-Encoding` and `Accept-Encoding`.
    public var description: String { rawValue }

    /// Whether this build can apply the coding: gzip and deflate always; Brotli when
    /// libbrotli's headers were installed when Strata was built.
    public var isAvailable: Bool {
        switch self {
        case .gzip, .deflate:
            return true
        case .brotli:
            #if STRATA_BROTLI
            return true
            #else
            return false
            #endif
        }
    }

    /// The codings this build can apply, best first for equal preference: Brotli, gzip, deflate.
    public static let available: [ContentCoding] = [.brotli, .gzip, .deflate].filter(\.isAvailable)

    /// The ETag suffix of a representation in this coding: `"abc"` becomes `"abc-gzip"`.
    package var etagSuffix: String { "-" + rawValue }
}
