import CStrataSystem
import Glibc

/// Answering: turning a response into a writer — buffered, from a file or streamed — writing
/// it, and moving on to the next request.
extension HTTPConnection {
    /// The responder's answer to request `sequence`.
    func send(_ response: HTTPResponse, for sequence: UInt32, on owner: isolated ServerLoop) {
        guard case .handling(let exchange) = state, exchange.sequence == sequence else {
            // The connection answered for itself meanwhile (a timeout, a framing error) or is
            // closing; background work still runs, as it would have.
            server.dropUnsent(response, on: loop)
            return
        }
        handlerTask = nil
        if let webSocket = response.webSocket {
            if response.status == .switchingProtocols, case .none = exchange.body {
                upgrade(response, webSocket, exchange: exchange, on: owner)
                return
            }
            // A request with framing (even an empty chunked body) cannot be upgraded: its
            // content would stand where the first frame is read. Refused, never half-switched.
            webSocket.abandon()
            var refusal = Self.problem(.badRequest)
            refusal.onDelivery = response.onDelivery
            refusal.afterSent = response.afterSent
            refusal.afterSentLabel = response.afterSentLabel
            write(refusal, version: exchange.version, keepAlive: false, discardAfter: 0, interim: exchange.interim, on: owner)
            return
        }
        var keepAlive = exchange.keepAlive
        var discard = 0
        switch exchange.body {
        case .none, .read, .streamed:
            break
        case .unread(let framing):
            // RFC 9110 §10.1.1: a client that waits for 100 may never send the content, and a
            // large or chunked one is cheaper to cut off than to read; a small one is dropped.
            if case .length(let length) = framing, !exchange.expectsContinue, length <= Self.maxDiscardedContent {
                discard = length
            } else {
                keepAlive = false
            }
        case .reading(let reader):
            // The responder answered without waiting for its content (from another task), or
            // left a stream unfinished: the rest is not read.
            reader.resume(with: .unavailable)
            keepAlive = false
        case .refused:
            keepAlive = false
        }
        write(response, version: exchange.version, keepAlive: keepAlive, discardAfter: discard, interim: exchange.interim,
              deferred: true, on: owner)
    }

    /// Answers a request the server refused before any responder saw it (400, 408, 414,
    /// 431…) and closes: after a framing error nothing later on the connection can be trusted.
    func answerWithoutResponder(_ status: HTTPStatus, on owner: isolated ServerLoop) {
        var interim: [UInt8] = []
        var version = HTTPVersion.http1_1
        if case .handling(let exchange) = state {
            // Its answer would be dropped: the server answers instead.
            handlerTask?.cancel()
            handlerTask = nil
            version = exchange.version
            interim = exchange.interim
            if case .reading(let reader) = exchange.body {
                reader.resume(with: .unavailable)
            }
        }
        write(Self.problem(status), version: version, keepAlive: false, discardAfter: 0, interim: interim, on: owner)
    }

    /// The problem document the server sends for what it refuses itself. `no-store`, as for
    /// the app's own errors: a shared cache must not keep a 400 or a 500 for a URL.
    static func problem(_ status: HTTPStatus) -> HTTPResponse {
        let body = Array(#"{"type":"about:blank","title":"\#(status.reasonPhrase)","status":\#(status.code)}"#.utf8)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json", "Cache-Control": "no-store"], body: .bytes(body))
    }

    /// Starts writing `response`: its head and the content in memory are queued, a file is
    /// opened, a stream's task is started. A `deferred` response in memory or from a file is
    /// written with the others of the loop's burst of work (``ServerLoop/deferWrite(of:)``);
    /// a stream starts at once, and so does what the server answers for itself.
    private func write(_ response: HTTPResponse, version: HTTPVersion, keepAlive requested: Bool, discardAfter: Int,
                       interim: [UInt8], deferred: Bool = false, on owner: isolated ServerLoop) {
        let writer = spareWriter ?? ResponseWriter()
        spareWriter = nil
        writer.output.append(contentsOf: interim)
        if let afterSent = response.afterSent {
            writer.afterSent = (afterSent, response.afterSentLabel)
        }
        var stream: HTTPBodyStream?
        var file: HTTPFileRegion?
        if let onDelivery = response.onDelivery {
            writer.onDelivery = onDelivery
            writer.status = response.status
        }
        if response.status.allowsContent {
            switch response.body {
            case .stream(let content): stream = content
            case .file(let region): file = region; writer.contentBytes = region.length
            case .bytes(let bytes): writer.contentBytes = bytes.count
            case .omitted: break
            }
        }
        let wantsClose = response.headers.values(for: "Connection").contains { Self.containsCloseToken($0) }
        let chunked = version != .http1_0
        var keepAlive = requested && !draining && !wantsClose && !server.isDraining.load(ordering: .relaxed)
        // HTTP/1.0 has no chunked coding: a stream's end is the connection's close.
        if stream != nil && !chunked { keepAlive = false }
        var response = response
        if !keepAlive && !wantsClose && response.headers.contains("Connection") {
            // The handler asked to keep the connection, but it closes: one answer, not two.
            response.headers.remove("Connection")
        }
        var extraFields: [UInt8] = []
        if !keepAlive && !wantsClose {
            extraFields = Self.connectionClose
        } else if keepAlive, version == .http1_0 {
            extraFields = Self.connectionKeepAlive
        }
        if let file {
            // O_NONBLOCK: a FIFO swapped in for the file must not block the loop. And the file
            // must still be a regular file long enough for the length the head announces.
            let descriptor = open(file.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            var status = stat()
            guard descriptor >= 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                  Int(status.st_size) >= file.offset + file.length else {
                if descriptor >= 0 { Glibc.close(descriptor) }
                // The file changed between the handler's look at it and now.
                writeFallback(.notFound, writer: writer, on: owner)
                return
            }
            writer.file = ResponseWriter.OpenFile(fd: descriptor, offset: file.offset, remaining: file.length)
        }
        do {
            try HTTPResponseSerializer.serialize(response, date: owner.dateField, extraFields: extraFields, allowsChunked: chunked, into: &writer.output)
        } catch {
            // A header that may not be written: nothing of it is, the client gets a 500.
            writer.output.removeAll(keepingCapacity: true)
            writer.output.append(contentsOf: interim)
            writeFallback(.internalServerError, writer: writer, on: owner)
            return
        }
        writer.keepAlive = keepAlive
        writer.discardAfter = discardAfter
        writer.chunked = chunked
        state = .responding(writer)
        if let stream {
            writer.streamTask = Self.startStreaming(stream, chunked: chunked, loop: loop, owner: owner, connection: id)
            updateInterest()
        } else {
            writer.isComplete = true
            if deferred {
                owner.deferWrite(of: id)
                return
            }
        }
        flush(on: owner)
    }

    /// Answers with `status` and a problem body instead, closing afterwards.
    func writeFallback(_ status: HTTPStatus, writer: ResponseWriter, on owner: isolated ServerLoop) {
        if let region = writer.file {
            Glibc.close(region.fd)
            writer.file = nil
        }
        let problem = Self.problem(status)
        writer.status = status
        writer.contentBytes = problem.bytes.count
        try? HTTPResponseSerializer.serialize(problem, date: owner.dateField, extraFields: Self.connectionClose, into: &writer.output)
        writer.keepAlive = false
        writer.isComplete = true
        state = .responding(writer)
        flush(on: owner)
    }

    // MARK: Writing

    /// Writes what the socket takes; once the whole response is out, moves on.
    func flush(on owner: isolated ServerLoop) {
        switch state {
        case .responding(let writer):
            let wasBlocked = writer.isBlocked
            switch writer.flush(to: fd, now: now(), progressTimeout: configuration.idleTimeout.nanoseconds) {
            case .failed:
                close(on: owner)
            case .blocked:
                if !wasBlocked { updateInterest() }
            case .drained:
                if wasBlocked { updateInterest() }
                if let waiter = writer.drainWaiter {
                    writer.drainWaiter = nil
                    waiter.resume(returning: true)
                }
                if writer.isComplete { responseWritten(writer, on: owner) }
            }
        case .handling:
            flushInterim(on: owner)
        case .upgraded(let link):
            flushWebSocket(link, on: owner)
        case .readingHead, .discarding, .lingering, .closed:
            break
        }
    }

    /// The whole response is out: background work starts, and the connection waits for the
    /// next request — or closes, as the response told the client.
    private func responseWritten(_ writer: ResponseWriter, on owner: isolated ServerLoop) {
        writer.reportDelivery(isComplete: true)
        if let afterSent = writer.afterSent {
            server.runAfterSent(afterSent.work, label: afterSent.label, on: loop)
        }
        let keepAlive = writer.keepAlive, discard = writer.discardAfter
        writer.reset()
        spareWriter = writer
        // The response told the client whether the connection stays open. If it does, a drain
        // that began since treats it like any idle connection: closing it now could meet the
        // next request on its way.
        guard keepAlive else {
            closeGracefully(on: owner)
            return
        }
        if discard > 0 {
            state = .discarding(remaining: discard, deadline: now() + configuration.bodyReadTimeout.nanoseconds)
            updateInterest()
        } else {
            awaitNextHead(on: owner)
        }
        // Pipelined requests may already be buffered.
        process(on: owner)
    }

    // MARK: Streams

    /// Writes the stream's chunks as they come; the next is asked for only once the last is
    /// written, so a slow client slows the producer instead of filling memory.
    nonisolated static func startStreaming(_ stream: HTTPBodyStream, chunked: Bool, loop: EventLoop, owner: ServerLoop,
                                           connection: ConnectionID) -> Task<Void, Never> {
        Task(executorPreference: loop) {
            let reader = stream.makeReader()
            do {
                while let chunk = try await reader.next() {
                    guard await owner.writeChunk(chunk, to: connection) else {
                        // The client is gone and this task is cancelled. Asking once more lets
                        // the sequence see it: an AsyncStream ends and calls its onTermination,
                        // a producer that checks cancellation stops.
                        _ = try? await reader.next()
                        return
                    }
                }
            } catch {
                await owner.endStream(on: connection, failed: true)
                return
            }
            await owner.endStream(on: connection, failed: false)
        }
    }

    /// Queues one chunk; whether it is written at once (`nil` when the connection is gone).
    func queueChunk(_ chunk: [UInt8], on owner: isolated ServerLoop) -> Bool? {
        guard case .responding(let writer) = state, writer.streamTask?.isCancelled == false else { return nil }
        writer.contentBytes += chunk.count
        if writer.chunked {
            HTTPResponseSerializer.appendChunk(chunk, into: &writer.output)
        } else {
            writer.output.append(contentsOf: chunk)
        }
        flush(on: owner)
        guard case .responding(let current) = state, current === writer else { return nil }
        return !writer.hasPendingOutput
    }

    /// Parks the stream's task until the output has drained.
    func waitForDrain(_ waiter: CheckedContinuation<Bool, Never>) {
        guard case .responding(let writer) = state, writer.hasPendingOutput else {
            waiter.resume(returning: !isClosed)
            return
        }
        writer.drainWaiter = waiter
    }

    /// The stream ended: the last chunk goes out and the response is complete.
    func finishStream(on owner: isolated ServerLoop) {
        guard case .responding(let writer) = state else { return }
        writer.streamTask = nil
        if writer.chunked { writer.output.append(contentsOf: HTTPResponseSerializer.lastChunk) }
        writer.isComplete = true
        updateInterest()
        flush(on: owner)
    }

    static func containsCloseToken(_ value: String) -> Bool {
        value.split(separator: ",").contains { HTTPHeaders.namesEqual(String($0.trimmingCharacters(in: " \t")), "close") }
    }

    /// The most unread content of a request that is dropped to keep its connection; more, and
    /// the connection closes after the response instead (nginx discards much the same way).
    static let maxDiscardedContent = 1 << 20
    static let connectionClose = Array("Connection: close\r\n".utf8)
    static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
}
