/// How a request's content reaches its responder on the live server: a name for the request's
/// connection and number, with which the content is asked for on the connection's loop.
///
/// Holding no reference to the connection itself, it is `Sendable`, and a source kept past its
/// request finds nothing rather than another request's bytes.
struct RequestBodySource: Sendable {
    let owner: ServerLoop
    let connection: ConnectionID
    let sequence: UInt32

    /// The content, read within `limit` bytes.
    func collect(upTo limit: Int) async throws -> [UInt8] {
        let demand = await owner.readBody(of: connection, sequence: sequence, limit: limit)
        switch demand {
        case .complete(let bytes):
            return bytes
        case .tooLarge(let limit):
            throw HTTPContentTooLarge(limit: limit)
        case .unavailable, .pending, .chunk:
            throw HTTPRequestBodyUnavailable()
        }
    }

    /// The next chunk and whether it is the last.
    func nextChunk(limit: Int) async throws -> (bytes: [UInt8], isLast: Bool) {
        switch await owner.readBodyChunk(of: connection, sequence: sequence, limit: limit) {
        case .chunk(let bytes): return (bytes, false)
        case .complete(let bytes): return (bytes, true)
        case .tooLarge(let limit): throw HTTPContentTooLarge(limit: limit)
        case .unavailable, .pending: throw HTTPRequestBodyUnavailable()
        }
    }
}
