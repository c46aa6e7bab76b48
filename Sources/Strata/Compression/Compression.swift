import StrataHTTP

/// Response compression for a layer's routes: gzip, deflate and — where the system library
/// was there at build — Brotli, chosen by the request's `Accept-Encoding`. A scalar policy:
/// the innermost layer that says wins, and ``off`` switches it off below one that has it.
///
/// What is compressed, per response:
/// - content of a media type in ``mediaTypes`` (text, JSON, XML, JavaScript, SVG and their
///   `+json`/`+xml` kin by default) — never an image, audio, video or archive type, which are
///   compressed already, whatever the list says;
/// - in memory, from ``minimumSize`` bytes (a smaller body can grow); a stream or server-sent
///   events always, flushed after each chunk so every event arrives decodable at once; a file
///   only with ``compressesFiles`` (it then loses `sendfile` and ranges);
/// - not a `206`, not a response that has a `Content-Encoding` of its own, not without an
///   `Accept-Encoding` that accepts a coding.
///
/// A compressed response gets `Content-Encoding`, and its strong `ETag` a suffix — `"abc"`
/// becomes `"abc-gzip"` — because the compressed bytes are another representation with other
/// bytes, which a strong validator must tell apart (a range of one is not a range of the
/// other). Strata's own precondition checks accept the suffixed tag for `If-None-Match` and
/// `If-Match`, so conditional GETs still get 304 and updates still match; `If-Range` does not,
/// as it must not. (Weakening the tag instead, as nginx does, would make every `If-Match`
/// built from a compressed GET fail: it compares strongly.) Weak tags stay as they are.
/// Every response the policy considers gets `Vary: Accept-Encoding`.
///
/// ```swift
/// let api = Router("/api", routes: [Get("/books") { _ in ["Dune"] }])
///     .compression(Compression(minimumSize: 1024))
/// ```
public struct Compression: Sendable {
    /// Whether the layer's routes compress; ``off`` has it `false`.
    public var isEnabled: Bool
    /// The codings offered, in the server's order of preference when the client likes
    /// several equally; codings this build lacks are left out.
    public var codings: [ContentCoding]
    /// The smallest body in memory that is compressed, in bytes.
    public var minimumSize: Int
    /// zlib's level for gzip and deflate, 1 (fastest) to 9 (smallest); 6 by default.
    public var level: Int
    /// Brotli's quality, 0 to 11; 4 by default, a dynamic-content setting (11 is for
    /// precompressed files: many times slower).
    public var brotliQuality: Int
    /// Media types compressed: `type/subtype`, `type/*`, or `*/*+suffix`; parameters ignored.
    public var mediaTypes: [String]
    /// Whether file bodies (``File``, ``StaticFiles``) are compressed too: read and compressed
    /// in user space instead of `sendfile`, and served without ranges. Off by default —
    /// precompress static assets instead.
    public var compressesFiles: Bool
    /// Whether streams and server-sent events are compressed (each chunk flushed).
    public var compressesStreams: Bool

    /// A policy; every argument has the common default.
    public init(codings: [ContentCoding] = ContentCoding.available, minimumSize: Int = 500, level: Int = 6, brotliQuality: Int = 4,
                mediaTypes: [String] = Compression.textualMediaTypes, compressesFiles: Bool = false, compressesStreams: Bool = true) {
        self.isEnabled = true
        self.codings = codings
        self.minimumSize = minimumSize
        self.level = level
        self.brotliQuality = brotliQuality
        self.mediaTypes = mediaTypes
        self.compressesFiles = compressesFiles
        self.compressesStreams = compressesStreams
    }

    /// Text, JSON, XML, JavaScript, SVG, and every `+json` and `+xml` type.
    public static let textualMediaTypes = [
        "text/*", "application/json", "*/*+json", "application/xml", "*/*+xml", "application/javascript",
        "application/x-ndjson", "application/x-www-form-urlencoded", "application/wasm", "image/svg+xml", "application/msgpack",
    ]

    /// No compression for the layer's routes, below a layer that has it.
    public static let off: Compression = {
        var compression = Compression()
        compression.isEnabled = false
        return compression
    }()
}
