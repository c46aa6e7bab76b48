import CStrataSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One client connection: reads requests, hands each to the responder, writes the response,
/// and keeps the connection for the next one or closes it.
///
/// Requests on a connection are answered one at a time, in order, so pipelined requests get
/// their responses in order (RFC 9112 §9.3.2); while one is in flight the connection stops
/// reading, which is the backpressure against a client that pipelines without end.
///
/// `@unchecked Sendable`: every method runs on the connection's loop thread. The handler
/// task that answers a request prefers that loop as its executor, and its result is handed
/// back through `loop.execute` if it ever finishes elsewhere.
final class HTTPConnection: EventLoopHandler, @unchecked Sendable {
    enum Phase {
        /// Waiting for (the rest of) a request head.
        case head
        /// Reading the current request's content.
        case body
        /// The handler runs or its response is being written.
        case responding
        /// Closing: our side is shut, the client's last bytes are read and dropped.
        case lingering
        case closed
    }

    /// Which limit the connection's deadline enforces.
    enum Deadline {
        case idle, header, body, linger
    }

    let fd: Int32
    unowned let serverLoop: ServerLoop
    var loop: EventLoop { serverLoop.loop }
    var server: HTTPServer { serverLoop.server }
    var configuration: ServerConfiguration { serverLoop.server.configuration }

    var phase = Phase.head
    var parser: HTTPHeadParser
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputStart = 0

    var current: HTTPRequestHead?
    var body: [UInt8] = []
    var bodyRemaining = 0
    var bodyLimit = 0
    var chunkedDecoder: ChunkedBodyDecoder?

    var deadline: UInt64
    var deadlineKind = Deadline.header
    /// While output waits for the socket: when the client must have taken some of it. Moved
    /// on by every write that makes progress, so a slow but reading client is never cut off.
    var writeDeadline: UInt64?
    /// The send queue's length when the write deadline last passed.
    var unsentAtDeadline = Int.max
    var inputClosed = false
    var wantsWrite = false
    var draining = false
    var closeAfterResponse = false
    /// Set while `output` holds a response (not just `100 Continue`).
    var responseInOutput = false
    var keepAliveAfterWrite = false
    var pendingAfterSent: (work: @Sendable () async -> Void, label: String)?
    /// The task reading the current response's stream, cancelled if the client goes away.
    var streamTask: Task<Void, Never>?
    /// Resumed when `output` has drained (true) or the connection closed (false).
    var drainWaiter: CheckedContinuation<Bool, Never>?
    /// The file being sent with `sendfile`, and what is left of its region.
    var fileBody: (fd: Int32, offset: Int, remaining: Int)?

    init(fd: Int32, serverLoop: ServerLoop) {
        self.fd = fd
        self.serverLoop = serverLoop
        let configuration = serverLoop.server.configuration
        parser = HTTPHeadParser(configuration: configuration)
        // A new connection has the header timeout to send its first request (slowloris).
        deadline = EventLoop.monotonicNanoseconds() + configuration.headerReadTimeout.nanoseconds
    }

    /// The epoll events the connection wants in its current state.
    var interest: UInt32 {
        var events: UInt32 = 0
        switch phase {
        case .head, .body, .lingering:
            if !inputClosed { events |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        case .responding:
            // A client that goes away during a stream cancels it (RDHUP: it closed its side).
            if streamTask != nil && !inputClosed { events |= EPOLLRDHUP.rawValue }
        case .closed:
            break
        }
        if wantsWrite { events |= EPOLLOUT.rawValue }
        return events
    }

    func updateInterest() {
        guard phase != .closed else { return }
        loop.modify(fd, events: interest)
    }

    // MARK: Events

    func handleEvents(_ events: UInt32) {
        guard phase != .closed else { return }
        // Both directions are gone (a reset, or a close after our own shutdown): nothing can
        // be read or written any more. A running handler finishes; its answer is dropped.
        if events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            close()
            return
        }
        if events & EPOLLOUT.rawValue != 0 {
            flush()
        }
        if phase == .responding, events & EPOLLRDHUP.rawValue != 0 {
            // The client closed its sending side. It may still read — a client that half-closes
            // after its request still wants the answer — so writing goes on; a client that is
            // really gone makes the next write fail (EPIPE), which closes and cancels.
            inputClosed = true
            updateInterest()
            return
        }
        if phase != .closed, events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 {
            readAvailable()
        }
    }

    func readAvailable() {
        let count = serverLoop.scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            if phase == .lingering { return }
            if inputStart == input.count {
                input.removeAll(keepingCapacity: true)
                inputStart = 0
            }
            serverLoop.scratch.withUnsafeBufferPointer { input.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
            if phase == .body { deadline = now() + configuration.bodyReadTimeout.nanoseconds }
            process()
        } else if count == 0 {
            inputClosed = true
            if phase == .lingering {
                close()
                return
            }
            process()
            updateInterest()
        } else if errno != EAGAIN && errno != EINTR {
            close()
        }
    }

    // MARK: Reading requests

    func process() {
        while true {
            switch phase {
            case .head:
                // RFC 9112 §2.2: empty lines before a request line (a client's stray CRLF after
                // a body) are skipped; they do not start a request or its header timeout.
                while inputStart < input.count, input[inputStart] == .cr || input[inputStart] == .lf { inputStart += 1 }
                guard inputStart < input.count else {
                    if inputClosed { close() }
                    compactInput()
                    return
                }
                if deadlineKind == .idle {
                    // The first byte of a new head: it must be complete within the header timeout.
                    deadlineKind = .header
                    deadline = now() + configuration.headerReadTimeout.nanoseconds
                }
                let result = input.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[inputStart...])) }
                switch result {
                case .incomplete:
                    if inputClosed {
                        close()
                    } else {
                        compactInput()
                    }
                    return
                case .failed(let error):
                    answerWithoutHandler(error.status)
                    return
                case .complete(let head, let length):
                    inputStart += length
                    parser.reset()
                    startBody(of: head)
                }
            case .body:
                continueBody()
                if phase == .body {
                    if inputClosed { close() }
                    return
                }
            case .responding, .lingering, .closed:
                return
            }
        }
    }

    func startBody(of head: HTTPRequestHead) {
        current = head
        body = []
        switch head.framing {
        case .none:
            dispatch(head, body: .empty)
        case .length(let length):
            bodyLimit = server.responder.requestBodyLimit(for: head.method, target: head.target)
            guard length <= bodyLimit else {
                // Refused unread: the client is told at once and the connection closes.
                dispatch(head, body: .tooLarge(limit: bodyLimit), closeAfter: true)
                return
            }
            bodyRemaining = length
            body.reserveCapacity(min(length, 1 << 20))
            enterBodyPhase(head)
        case .chunked:
            bodyLimit = server.responder.requestBodyLimit(for: head.method, target: head.target)
            chunkedDecoder = ChunkedBodyDecoder(limit: bodyLimit, maxMetadataBytes: configuration.maxHeaderBytes)
            enterBodyPhase(head)
        }
    }

    func enterBodyPhase(_ head: HTTPRequestHead) {
        phase = .body
        deadlineKind = .body
        deadline = now() + configuration.bodyReadTimeout.nanoseconds
        // RFC 9110 §10.1.1: tell a waiting client to send the content, unless it already has.
        if head.expectsContinue && inputStart == input.count {
            output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            flush()
        }
    }

    func continueBody() {
        guard let head = current else { return }
        if chunkedDecoder != nil {
            let progress = input.withUnsafeBufferPointer { chunkedDecoder!.decode(UnsafeBufferPointer(rebasing: $0[inputStart...]), into: &body) }
            switch progress {
            case .needMore:
                inputStart = input.count
                compactInput()
            case .done(let consumed):
                inputStart += consumed
                chunkedDecoder = nil
                dispatch(head, body: HTTPRequestBody(bytes: body))
            case .tooLarge:
                inputStart = input.count
                chunkedDecoder = nil
                dispatch(head, body: .tooLarge(limit: bodyLimit), closeAfter: true)
            case .failed(let error):
                chunkedDecoder = nil
                answerWithoutHandler(error.status)
            }
            return
        }
        let take = min(bodyRemaining, input.count - inputStart)
        body.append(contentsOf: input[inputStart..<(inputStart + take)])
        inputStart += take
        bodyRemaining -= take
        if bodyRemaining == 0 {
            dispatch(head, body: HTTPRequestBody(bytes: body))
        } else {
            compactInput()
        }
    }

    /// Drops consumed input so a long-lived connection's buffer does not grow.
    func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 16 * 1024 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }

    static func containsCloseToken(_ value: String) -> Bool {
        value.split(separator: ",").contains { HTTPHeaders.namesEqual(String($0.trimmingCharacters(in: " \t")), "close") }
    }

    static let connectionClose = Array("Connection: close\r\n".utf8)
    static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `UInt64.max`.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
