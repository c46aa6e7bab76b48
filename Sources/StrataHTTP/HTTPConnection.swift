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
        case idle, header, body, linger
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
    /// While output waits for the socket: when the client must have taken some of it. Moved
    /// on by every write that makes progress, so a slow but reading client is never cut off.
    private var writeDeadline: UInt64?
    /// The send queue's length when the write deadline last passed.
    private var unsentAtDeadline = Int.max
    private var inputClosed = false
    private var wantsWrite = false
    private var draining = false
    private var closeAfterResponse = false
    /// Set while `output` holds a response (not just `100 Continue`).
    private var responseInOutput = false
    private var keepAliveAfterWrite = false
    private var pendingAfterSent: (work: @Sendable () async -> Void, label: String)?
    /// The task reading the current response's stream, cancelled if the client goes away.
    private var streamTask: Task<Void, Never>?
    /// Resumed when `output` has drained (true) or the connection closed (false).
    private var drainWaiter: CheckedContinuation<Bool, Never>?
    /// The file being sent with `sendfile`, and what is left of its region.
    private var fileBody: (fd: Int32, offset: Int, remaining: Int)?

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
        send(Self.problem(status))
    }

    /// The problem document the server sends for what it refuses itself. `no-store`, as for
    /// the app's own errors: a shared cache must not keep a 400 or a 500 for a URL.
    private static func problem(_ status: HTTPStatus) -> HTTPResponse {
        let body = Array(#"{"type":"about:blank","title":"\#(status.reasonPhrase)","status":\#(status.code)}"#.utf8)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json", "Cache-Control": "no-store"], body: body)
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
        let sendsContent = response.status.allowsContent && !response.omitsBody
        let stream = sendsContent ? response.stream : nil
        let chunked = current?.version != .http1_0
        // HTTP/1.0 has no chunked coding: a stream's end is the connection's close.
        var keepAlive = !closeAfterResponse && !draining && !wantsClose && !server.isDraining.load(ordering: .relaxed)
        if stream != nil && !chunked { keepAlive = false }
        var response = response
        if !keepAlive && !wantsClose && response.headers.contains("Connection") {
            // The handler asked to keep the connection, but it closes: one answer, not two.
            response.headers.remove("Connection")
        }
        var extraFields: [UInt8] = []
        if !keepAlive && !wantsClose {
            extraFields = Self.connectionClose
        } else if keepAlive, current?.version == .http1_0 {
            extraFields = Self.connectionKeepAlive
        }
        if sendsContent, response.stream == nil, let file = response.file {
            // O_NONBLOCK: a FIFO swapped in for the file must not block the loop. And the file
            // must still be a regular file long enough for the length the head announces.
            let descriptor = open(file.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            var status = stat()
            guard descriptor >= 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                  Int(status.st_size) >= file.offset + file.length else {
                if descriptor >= 0 { Glibc.close(descriptor) }
                // The file changed between the handler's look at it and now.
                sendFallback(.notFound)
                return
            }
            fileBody = (descriptor, file.offset, file.length)
        }
        do {
            try HTTPResponseSerializer.serialize(response, date: loop.dateField, extraFields: extraFields, allowsChunked: chunked, into: &output)
        } catch {
            // A header that may not be written: nothing of it is, the client gets a 500.
            if let file = fileBody {
                Glibc.close(file.fd)
                fileBody = nil
            }
            sendFallback(.internalServerError)
            return
        }
        keepAliveAfterWrite = keepAlive
        if let stream {
            startStreaming(stream, chunked: chunked)
            flush()
            return
        }
        responseInOutput = true
        flush()
    }

    /// Answers with `status` and a problem body, closing afterwards.
    private func sendFallback(_ status: HTTPStatus) {
        try? HTTPResponseSerializer.serialize(Self.problem(status), date: loop.dateField, extraFields: Self.connectionClose, into: &output)
        keepAliveAfterWrite = false
        responseInOutput = true
        flush()
    }

    // MARK: Streams

    /// Writes the stream's chunks as they come; the next is asked for only once the last is
    /// written, so a slow client slows the producer instead of filling memory.
    private func startStreaming(_ stream: HTTPBodyStream, chunked: Bool) {
        let loop = self.loop
        streamTask = Task(executorPreference: loop) {
            let reader = stream.makeReader()
            do {
                while let chunk = try await reader.next() {
                    guard await self.writeStreamed(chunk, chunked: chunked) else {
                        // The client is gone and this task is cancelled. Asking once more lets
                        // the sequence see it: an AsyncStream ends and calls its onTermination,
                        // a producer that checks cancellation stops.
                        _ = try? await reader.next()
                        return
                    }
                }
            } catch {
                // The producer failed after the status was sent: ending the connection without
                // the last chunk is the only way left to tell the client the body is incomplete.
                await self.onLoop { self.close() }
                return
            }
            await self.onLoop { self.finishStream(chunked: chunked) }
        }
        updateInterest()
    }

    /// Queues one chunk and waits until it is written; false when the connection is gone.
    private func writeStreamed(_ chunk: [UInt8], chunked: Bool) async -> Bool {
        if !loop.isInEventLoop { await hopToLoop() }
        guard phase == .responding, !Task.isCancelled else { return false }
        if chunked {
            HTTPResponseSerializer.appendChunk(chunk, into: &output)
        } else {
            output.append(contentsOf: chunk)
        }
        flush()
        guard phase == .responding else { return false }
        if outputStart == output.count { return true }
        return await withCheckedContinuation { drainWaiter = $0 }
    }

    private func finishStream(chunked: Bool) {
        guard phase == .responding else { return }
        streamTask = nil
        if chunked { output.append(contentsOf: HTTPResponseSerializer.lastChunk) }
        responseInOutput = true
        updateInterest()
        flush()
    }

    private func onLoop(_ work: @escaping () -> Void) async {
        if !loop.isInEventLoop { await hopToLoop() }
        work()
    }

    private func hopToLoop() async {
        await withCheckedContinuation { continuation in loop.execute { continuation.resume() } }
    }

    private func flush() {
        while outputStart < output.count {
            let written = output.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + outputStart, raw.count - outputStart, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputStart += written
                if writeDeadline != nil { writeDeadline = now() + configuration.idleTimeout.nanoseconds }
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == EAGAIN {
                waitForWritable()
                return
            } else {
                close()
                return
            }
        }
        // A response of megabytes should not pin its buffer for the connection's lifetime.
        output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
        outputStart = 0
        if fileBody != nil, !sendFile() { return }
        if wantsWrite {
            wantsWrite = false
            writeDeadline = nil
            updateInterest()
        }
        if let waiter = drainWaiter {
            drainWaiter = nil
            waiter.resume(returning: true)
        }
        if responseInOutput {
            responseInOutput = false
            responseWritten()
        }
    }

    /// The socket is full: watch for room, and give the client `idleTimeout` to make some.
    private func waitForWritable() {
        guard !wantsWrite else { return }
        wantsWrite = true
        unsentAtDeadline = Int.max
        writeDeadline = now() + configuration.idleTimeout.nanoseconds
        updateInterest()
    }

    /// Sends what is left of the file; false while the socket is full or after an error.
    private func sendFile() -> Bool {
        while let file = fileBody, file.remaining > 0 {
            var offset = off_t(file.offset)
            let sent = sendfile(fd, file.fd, &offset, min(file.remaining, 1 << 30))
            if sent > 0 {
                fileBody = (file.fd, file.offset + sent, file.remaining - sent)
                if writeDeadline != nil { writeDeadline = now() + configuration.idleTimeout.nanoseconds }
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && errno == EAGAIN {
                waitForWritable()
                return false
            } else {
                // An error, or the file shrank under us: the promised length cannot be kept.
                close()
                return false
            }
        }
        if let file = fileBody {
            Glibc.close(file.fd)
            fileBody = nil
        }
        return true
    }

    private func responseWritten() {
        startPendingAfterSent()
        // The response told the client whether the connection stays open. If it does, a drain
        // that began since treats it like any idle connection: closing it now could meet the
        // next request on its way.
        guard keepAliveAfterWrite else {
            closeGracefully()
            return
        }
        phase = .head
        current = nil
        deadlineKind = .idle
        deadline = now() + (draining ? configuration.drainIdleTimeout : configuration.idleTimeout).nanoseconds
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

    /// Graceful shutdown: a busy connection closes after its response, an idle one once it
    /// has been quiet for `drainIdleTimeout`. Closing an idle one at once would reset a request
    /// its client has already sent — it may be in the socket, unread, or still on the wire.
    func drain() {
        draining = true
        switch phase {
        case .head where inputStart == input.count:
            deadlineKind = .idle  // a new request's first byte starts the header timeout
            deadline = min(deadline, now() + configuration.drainIdleTimeout.nanoseconds)
        case .head, .body, .responding:
            break  // `send` sees `draining` and closes after writing.
        case .lingering, .closed:
            break
        }
    }

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        streamTask?.cancel()
        streamTask = nil
        if let waiter = drainWaiter {
            drainWaiter = nil
            waiter.resume(returning: false)
        }
        if let file = fileBody {
            Glibc.close(file.fd)
            fileBody = nil
        }
        // Background work runs even when the client left before the response ended.
        startPendingAfterSent()
        loop.deregister(fd)
        Glibc.close(fd)
        serverLoop.connectionClosed(fd)
    }

    /// Enforces the header, body, idle, write and lingering timeouts.
    func checkTimeouts(now: UInt64) {
        guard phase != .closed else { return }
        if let writeDeadline, now >= writeDeadline {
            // The kernel reports the socket writable only once much of its buffer has drained,
            // so a client reading slowly can take long to wake us. Bytes leaving the send queue
            // are progress too.
            let queued = Self.unsentBytes(fd)
            if queued < unsentAtDeadline {
                unsentAtDeadline = queued
                self.writeDeadline = now + configuration.idleTimeout.nanoseconds
            } else {
                close()  // The client has stopped reading.
            }
            return
        }
        guard now >= deadline else { return }
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

    /// Bytes written to the socket that the peer has not acknowledged yet (`SIOCOUTQ`).
    private static func unsentBytes(_ fd: Int32) -> Int {
        var queued: Int32 = 0
        return ioctl(fd, UInt(TIOCOUTQ), &queued) == 0 ? Int(queued) : Int.max
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
