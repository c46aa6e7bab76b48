/// A request's content, which a responder collects with a size limit of its choosing.
///
/// The limit is the responder's because it is a per-route policy; the server asks for it
/// (``HTTPResponder/requestBodyLimit(for:target:)``) before it reads the content, so a body
/// over the limit is never read into memory.
public struct HTTPRequestBody: Sendable {
    private enum Storage: Sendable {
        case bytes([UInt8])
        /// The transport stopped reading: the content is longer than `limit`.
        case tooLarge(limit: Int)
    }

    private let storage: Storage

    /// Content already in memory.
    public init(bytes: [UInt8]) {
        storage = .bytes(bytes)
    }

    /// Content the transport refused to read because it exceeds `limit` bytes; collecting it
    /// throws ``HTTPContentTooLarge``.
    public static func tooLarge(limit: Int) -> HTTPRequestBody {
        HTTPRequestBody(storage: .tooLarge(limit: limit))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// No content.
    public static let empty = HTTPRequestBody(bytes: [])

    /// The content length, when it is known.
    public var knownLength: Int? {
        if case .bytes(let bytes) = storage { return bytes.count }
        return nil
    }

    /// All of the content, or ``HTTPContentTooLarge`` if it is longer than `limit` bytes.
    public func collect(upTo limit: Int) async throws(HTTPContentTooLarge) -> [UInt8] {
        switch storage {
        case .bytes(let bytes):
            guard bytes.count <= limit else { throw HTTPContentTooLarge(limit: limit) }
            return bytes
        case .tooLarge(let readLimit):
            throw HTTPContentTooLarge(limit: min(limit, readLimit))
        }
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
