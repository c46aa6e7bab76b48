import CStrataSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Answering: handing a request to the responder, writing its response — buffered, streamed
/// or from a file — and moving on to the next request.
extension HTTPConnection {
    // MARK: Answering

    func dispatch(_ head: HTTPRequestHead, body: HTTPRequestBody, closeAfter: Bool = false) {
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
    func answerWithoutHandler(_ status: HTTPStatus) {
        phase = .responding
        closeAfterResponse = true
        send(Self.problem(status))
    }

    /// The problem document the server sends for what it refuses itself. `no-store`, as for
    /// the app's own errors: a shared cache must not keep a 400 or a 500 for a URL.
    static func problem(_ status: HTTPStatus) -> HTTPResponse {
        let body = Array(#"{"type":"about:blank","title":"\#(status.reasonPhrase)","status":\#(status.code)}"#.utf8)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json", "Cache-Control": "no-store"], body: body)
    }

    func send(_ response: HTTPResponse) {
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
    func sendFallback(_ status: HTTPStatus) {
        try? HTTPResponseSerializer.serialize(Self.problem(status), date: loop.dateField, extraFields: Self.connectionClose, into: &output)
        keepAliveAfterWrite = false
        responseInOutput = true
        flush()
    }

    // MARK: Streams

    /// Writes the stream's chunks as they come; the next is asked for only once the last is
    /// written, so a slow client slows the producer instead of filling memory.
    func startStreaming(_ stream: HTTPBodyStream, chunked: Bool) {
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
    func writeStreamed(_ chunk: [UInt8], chunked: Bool) async -> Bool {
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

    func finishStream(chunked: Bool) {
        guard phase == .responding else { return }
        streamTask = nil
        if chunked { output.append(contentsOf: HTTPResponseSerializer.lastChunk) }
        responseInOutput = true
        updateInterest()
        flush()
    }

    func onLoop(_ work: @escaping () -> Void) async {
        if !loop.isInEventLoop { await hopToLoop() }
        work()
    }

    func hopToLoop() async {
        await withCheckedContinuation { continuation in loop.execute { continuation.resume() } }
    }

    func flush() {
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
    func waitForWritable() {
        guard !wantsWrite else { return }
        wantsWrite = true
        unsentAtDeadline = Int.max
        writeDeadline = now() + configuration.idleTimeout.nanoseconds
        updateInterest()
    }

    /// Sends what is left of the file; false while the socket is full or after an error.
    func sendFile() -> Bool {
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

    func responseWritten() {
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

    func startPendingAfterSent() {
        guard let (work, label) = pendingAfterSent else { return }
        pendingAfterSent = nil
        server.runAfterSent(work, label: label, on: loop)
    }
}
