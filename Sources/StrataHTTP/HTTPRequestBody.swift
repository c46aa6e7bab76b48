/// A request's content, which a responder collects with a size limit of its choosing.
///
/// The limit is the caller's because it is a per-route policy: the transport cannot know it
/// before the route is matched.
public struct HTTPRequestBody: Sendable {
    private let bytes: [UInt8]

    /// Content already in memory.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// No content.
    public static let empty = HTTPRequestBody(bytes: [])

    /// The content length, when the transport knows it in advance.
    public var knownLength: Int? { bytes.count }

    /// All of the content, or ``HTTPContentTooLarge`` if it is longer than `limit` bytes.
    public func collect(upTo limit: Int) async throws(HTTPContentTooLarge) -> [UInt8] {
        guard bytes.count <= limit else { throw HTTPContentTooLarge(limit: limit) }
        return bytes
    }
}

/// Thrown when a request's content is longer than the limit it is read with (413).
public struct HTTPContentTooLarge: Error, Sendable, Hashable, CustomStringConvertible {
    /// The limit in bytes that was exceeded.
    public let limit: Int

    /// An error for `limit`.
    public init(limit: Int) {
        self.limit = limit
    }

    public var description: String { "request content is larger than the limit of \(limit) bytes" }
}
