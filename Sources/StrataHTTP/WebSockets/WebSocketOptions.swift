/// How a WebSocket route's connections behave: limits, subprotocols, compression, keepalive.
///
/// ```swift
/// var options = WebSocketOptions()
/// options.maxMessageSize = 64 * 1024
/// options.subprotocols = ["chat.v1"]
/// options.compression = WebSocketCompression()
/// ```
public struct WebSocketOptions: Sendable {
    /// The largest frame accepted; a larger one closes the connection with 1009 as soon as
    /// its header arrives. The server holds at most one frame in memory while it arrives.
    public var maxFrameSize: Int
    /// The largest message accepted, fragments joined (and inflated); larger closes with 1009.
    public var maxMessageSize: Int
    /// The subprotocols the route speaks, in order of preference; the first one the client
    /// offers is chosen and sent in `Sec-WebSocket-Protocol`. Empty: none is agreed.
    public var subprotocols: [String]
    /// permessage-deflate, agreed when the client offers it; `nil` (the default) never compresses.
    public var compression: WebSocketCompression?
    /// How long a connection may be silent before the server pings it; `nil` never pings.
    public var pingInterval: Duration?
    /// How long after its ping the server waits for any frame before it drops the
    /// connection (the handler sees close code 1006).
    public var pingTimeout: Duration
    /// How long the server waits for the client's close after sending its own (the handler
    /// ended, called `close`, or the server drains) before it drops the connection.
    public var closeTimeout: Duration
    /// How many bytes of received messages may wait for the handler before the server stops
    /// reading the socket — backpressure to a client that sends faster than the handler reads.
    public var maxBufferedBytes: Int

    /// Options with the defaults: 1 MiB frames and messages, no subprotocol, no compression,
    /// a ping after 30 s of silence answered within 30 s, 5 s for the close handshake.
    public init(maxFrameSize: Int = 1 << 20, maxMessageSize: Int = 1 << 20, subprotocols: [String] = [],
                compression: WebSocketCompression? = nil, pingInterval: Duration? = .seconds(30),
                pingTimeout: Duration = .seconds(30), closeTimeout: Duration = .seconds(5), maxBufferedBytes: Int = 1 << 20) {
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
        self.subprotocols = subprotocols
        self.compression = compression
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.closeTimeout = closeTimeout
        self.maxBufferedBytes = maxBufferedBytes
    }
}

/// permessage-deflate (RFC 7692) for a WebSocket route.
public struct WebSocketCompression: Sendable, Hashable {
    /// Whether the server keeps its compression window between messages: better ratios for
    /// similar messages, at about 300 KB of zlib state per connection for its lifetime. `false`
    /// asks for `server_no_context_takeover` and frees nothing but keeps each message independent.
    public var contextTakeover: Bool
    /// zlib's level, 1 (fastest) to 9 (smallest).
    public var level: Int

    /// Compression with context takeover at level 6.
    public init(contextTakeover: Bool = true, level: Int = 6) {
        self.contextTakeover = contextTakeover
        self.level = level
    }
}
