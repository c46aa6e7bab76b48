/// What an ``HTTPConnection`` is doing. Each case carries the state its phase owns, so a
/// body decoder without a request, or an output queue while a head is being read, cannot be
/// written down.
enum ConnectionState {
    /// Waiting for (the rest of) a request head.
    case readingHead(HeadWait)
    /// A request is with the responder. Its content stays unread until the responder asks for
    /// it — so a request refused on its head alone never has its content read.
    case handling(Exchange)
    /// Writing the response: the writer owns the output, the file being sent and the stream
    /// being produced.
    case responding(ResponseWriter)
    /// Dropping the content of a request the responder did not read, before the next head.
    case discarding(remaining: Int, deadline: UInt64)
    /// Our side is shut; the client's last bytes are read and dropped until it closes too or
    /// `deadline` passes or `budget` bytes are read, so a final response is not destroyed by a
    /// reset (RFC 9112 §9.6) and a refused upload is not read to its end.
    case lingering(deadline: UInt64, budget: Int)
    /// After a `101 Switching Protocols`: a WebSocket, until it closes.
    case upgraded(WebSocketLink)
    case closed
}

/// The wait for a request head.
struct HeadWait {
    /// Whether `deadline` is the header timeout — running since the connection was accepted,
    /// or since the first byte of a head after an idle wait — rather than the idle timeout.
    var isHeaderDeadline: Bool
    /// When the wait ends: 408 if part of a head has arrived, a quiet close if not.
    var deadline: UInt64
}

/// One request while the responder has it.
struct Exchange {
    /// The request's number on its connection; a task answering an earlier one is ignored.
    let sequence: UInt32
    let version: HTTPVersion
    /// Whether the request allows the connection to carry another one.
    let keepAlive: Bool
    /// `Expect: 100-continue`: the client waits for `100 Continue` before sending content.
    let expectsContinue: Bool
    var body: RequestBodyState
    /// The part of a `100 Continue` the socket did not take yet (rare: a full send buffer); it
    /// goes out before anything else, the final response included.
    var interim: [UInt8] = []
}

/// The content of the request being handled.
enum RequestBodyState {
    /// The request has none.
    case none
    /// Nobody asked for it yet; it is still in the socket (or partly in the input buffer).
    case unread(HTTPRequestHead.Framing)
    /// Being read for the responder, which waits for it.
    case reading(BodyReader)
    /// Read and handed over; kept so that asking again gives the same bytes.
    case read([UInt8])
    /// Longer than the limit it was asked for with: it stays unread, and the connection closes
    /// after the response.
    case refused(limit: Int)
    /// Handed out to the end as a stream of chunks; it cannot be had again.
    case streamed
}

/// What a request for the content finds at once.
enum BodyDemand: Sendable {
    /// All of the content — or, to a stream, its last bytes (possibly none).
    case complete([UInt8])
    /// To a stream: the next bytes; more follow.
    case chunk([UInt8])
    case tooLarge(limit: Int)
    /// The connection is gone or already answering for itself (a timeout, a framing error).
    case unavailable
    /// Not all here yet: wait for ``BodyReader/waiter`` to be resumed.
    case pending
}
