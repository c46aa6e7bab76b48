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
    private enum Phase {
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
    private enum Deadline {
        case idle, header, body, write, linger
    }

    let fd: Int32
    private unowned let serverLoop: ServerLoop
    private var loop: EventLoop { serverLoop.loop }
    private var server: HTTPServer { serverLoop.server }
    private var configuration: ServerConfiguration { serverLoop.server.configuration }

    private var phase = Phase.head
    private var parser: HTTPHeadParser
    private var input: [UInt8] = []
    private var inputStart = 0
    private var output: [UInt8] = []
    private var outputStart = 0

    private var current: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyRemaining = 0
    private var bodyLimit = 0
    private var chunkedDecoder: ChunkedBodyDecoder?

    private var deadline: UInt64
    private var deadlineKind = Deadline.header
    private var inputClosed = false
    private var wantsWrite = false
    private var draining = false
    private var closeAfterResponse = false
    /// Set while `output` holds a response (not just `100 Continue`).
    private var responseInOutput = false
    private var keepAliveAfterWrite = false
    private var pendingAfterSent: (work: @Sendable () async -> Void, label: String)?

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
        case .responding, .closed:
            break
        }
        if wantsWrite { events |= EPOLLOUT.rawValue }
        return events
    }

    private func updateInterest() {
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
        if phase != .closed, events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 {
            readAvailable()
        }
    }

    private func readAvailable() {
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

    private func process() {
        while true {
            switch phase {
            case .head:
                guard inputStart < input.count else {
                    if inputClosed { close() }
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

    private func startBody(of head: HTTPRequestHead) {
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

    private func enterBodyPhase(_ head: HTTPRequestHead) {
        phase = .body
        deadlineKind = .body
        deadline = now() + configuration.bodyReadTimeout.nanoseconds
        // RFC 9110 §10.1.1: tell a waiting client to send the content, unless it already has.
        if head.expectsContinue && inputStart == input.count {
            output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            flush()
        }
    }

    private func continueBody() {
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
    private func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 16 * 1024 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }

    // MARK: Answering

    private func dispatch(_ head: HTTPRequestHead, body: HTTPRequestBody, closeAfter: Bool = false) {
        phase = .responding
        self.body = []
        closeAfterResponse = closeAfter || !head.keepAlive
        deadlineKind = .idle
        updateInterest()
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers, body: body)
        let responder = server.responder
        let loop = self.loop
        Task(executorPreference: loop) {
            let response = await responder.respond(to: request)
            if loop.isInEventLoop {
                self.send(response)
            } else {
                loop.execute { self.send(response) }
            }
        }
    }

    /// Answers a request the server refused before any handler saw it (400, 408, 414, 431…)
    /// and closes: after a framing error nothing later on the connection can be trusted.
    private func answerWithoutHandler(_ status: HTTPStatus) {
        phase = .responding
        closeAfterResponse = true
        let body = Array(#"{"type":"about:blank","title":"\#(status.reasonPhrase)","status":\#(status.code)}"#.utf8)
        send(HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json"], body: body))
    }

    private func send(_ response: HTTPResponse) {
        if let afterSent = response.afterSent {
            pendingAfterSent = (afterSent, response.afterSentLabel)
        }
        guard phase == .responding else {
            // The client is gone; background work still runs, as it would have.
            startPendingAfterSent()
            return
        }
        let wantsClose = response.headers.values(for: "Connection").contains { Self.containsCloseToken($0) }
        let keepAlive = !closeAfterResponse && !draining && !wantsClose && !server.isDraining.load(ordering: .relaxed)
        var extraFields: [UInt8] = []
        if !keepAlive && !wantsClose {
            extraFields = Self.connectionClose
        } else if keepAlive, current?.version == .http1_0 {
            extraFields = Self.connectionKeepAlive
        }
        do {
            try HTTPResponseSerializer.serialize(response, date: loop.dateField, extraFields: extraFields, into: &output)
        } catch {
            // A header that may not be written: nothing of it is, the client gets a 500.
            let fallback = HTTPResponse(status: .internalServerError, headers: ["Content-Type": "application/problem+json"],
                                        body: Array(#"{"type":"about:blank","title":"Internal Server Error","status":500}"#.utf8))
            try? HTTPResponseSerializer.serialize(fallback, date: loop.dateField, extraFields: Self.connectionClose, into: &output)
            keepAliveAfterWrite = false
            responseInOutput = true
            flush()
            return
        }
        keepAliveAfterWrite = keepAlive
        responseInOutput = true
        flush()
    }

    private func flush() {
        while outputStart < output.count {
            let written = output.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + outputStart, raw.count - outputStart, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputStart += written
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == EAGAIN {
                if !wantsWrite {
                    wantsWrite = true
                    deadlineKind = .write
                    deadline = now() + configuration.idleTimeout.nanoseconds
                    updateInterest()
                }
                return
            } else {
                close()
                return
            }
        }
        // A response of megabytes should not pin its buffer for the connection's lifetime.
        output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
        outputStart = 0
        if wantsWrite {
            wantsWrite = false
            updateInterest()
        }
        if responseInOutput {
            responseInOutput = false
            responseWritten()
        }
    }

    private func responseWritten() {
        startPendingAfterSent()
        guard keepAliveAfterWrite else {
            closeGracefully()
            return
        }
        phase = .head
        current = nil
        deadlineKind = .idle
        deadline = now() + configuration.idleTimeout.nanoseconds
        updateInterest()
        // Pipelined requests may already be buffered.
        process()
    }

    private func startPendingAfterSent() {
        guard let (work, label) = pendingAfterSent else { return }
        pendingAfterSent = nil
        server.runAfterSent(work, label: label, on: loop)
    }

    // MARK: Closing

    /// Half-closes and reads what the client still sends until it closes too (or a short
    /// deadline passes), so a final response is not destroyed by a reset (RFC 9112 §9.6).
    private func closeGracefully() {
        guard phase != .closed else { return }
        if inputClosed {
            close()
            return
        }
        shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        deadlineKind = .linger
        deadline = now() + 2_000_000_000
        updateInterest()
    }

    /// Graceful shutdown: an idle connection closes now, a busy one after its response.
    func drain() {
        draining = true
        switch phase {
        case .head where inputStart == input.count:
            close()
        case .head, .body, .responding:
            break  // `send` sees `draining` and closes after writing.
        case .lingering, .closed:
            break
        }
    }

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        loop.deregister(fd)
        Glibc.close(fd)
        serverLoop.connectionClosed(fd)
    }

    /// Enforces the header, body, idle, write and lingering timeouts.
    func checkTimeouts(now: UInt64) {
        guard phase != .closed, now >= deadline else { return }
        switch deadlineKind {
        case .header where phase == .head && inputStart < input.count,
             .body where phase == .body:
            // Slowloris: the client started a request and does not finish it.
            answerWithoutHandler(.requestTimeout)
        case .idle where phase == .responding:
            break  // The handler takes its time; that is not the client's fault.
        default:
            close()
        }
    }

    private func now() -> UInt64 {
        EventLoop.monotonicNanoseconds()
    }

    private static func containsCloseToken(_ value: String) -> Bool {
        value.split(separator: ",").contains { HTTPHeaders.namesEqual(String($0.trimmingCharacters(in: " \t")), "close") }
    }

    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
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
