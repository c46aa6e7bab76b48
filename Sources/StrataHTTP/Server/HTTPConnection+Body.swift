import Glibc

/// Reading a request's content when the responder asks for it.
extension HTTPConnection {
    /// The responder of request `sequence` asks for its content, up to `limit` bytes.
    ///
    /// A `Content-Length` over the limit is refused unread. Otherwise reading starts — with
    /// `100 Continue` first if the client waits for it (RFC 9110 §10.1.1) — and what is
    /// already buffered is taken at once.
    func demandBody(for sequence: UInt32, limit: Int, on owner: isolated ServerLoop) -> BodyDemand {
        guard case .handling(let exchange) = state, exchange.sequence == sequence else { return .unavailable }
        switch exchange.body {
        case .none:
            return .complete([])
        case .read(let bytes):
            return bytes.count <= limit ? .complete(bytes) : .tooLarge(limit: limit)
        case .refused(let refusedLimit):
            return .tooLarge(limit: min(limit, refusedLimit))
        case .reading, .streamed:
            return .unavailable  // One reader at a time; the first one's task is waiting.
        case .unread(let framing):
            guard let reader = startReading(framing, limit: limit, streams: false) else { return .tooLarge(limit: limit) }
            switch takeBufferedBody(reader, on: owner) {
            case .complete(let bytes): return .complete(bytes)
            case .tooLarge: return .tooLarge(limit: limit)
            case .failed: return .unavailable
            case .needMore:
                updateInterest()
                return .pending
            }
        }
    }

    /// Starts reading content framed by `framing` within `limit` — with `100 Continue` first if
    /// the client waits for it (RFC 9110 §10.1.1). `nil` when a `Content-Length` is over the
    /// limit: refused unread, the client is told at once and the connection closes.
    private func startReading(_ framing: HTTPRequestHead.Framing, limit: Int, streams: Bool) -> BodyReader? {
        guard case .handling(var exchange) = state else { return nil }
        if case .length(let length) = framing, length > limit {
            exchange.body = .refused(limit: limit)
            state = .handling(exchange)
            return nil
        }
        let reader = BodyReader(framing: framing, limit: limit, maxMetadataBytes: configuration.maxHeaderBytes,
                                deadline: now() + configuration.bodyReadTimeout.nanoseconds, streams: streams)
        exchange.body = .reading(reader)
        if exchange.expectsContinue && inputStart == input.count {
            exchange.interim = sendContinue()
        }
        state = .handling(exchange)
        return reader
    }

    /// Parks the responder's task until the content is complete — or answers at once if it
    /// already is, since a task off the loop asks for it and then waits in two steps.
    func waitForBody(for sequence: UInt32, _ waiter: CheckedContinuation<BodyDemand, Never>, on owner: isolated ServerLoop) {
        guard case .handling(let exchange) = state, exchange.sequence == sequence else {
            waiter.resume(returning: .unavailable)
            return
        }
        switch exchange.body {
        case .reading(let reader) where reader.streams:
            guard reader.waiter == nil else {
                // Two tasks iterating one stream: the second gets nothing rather than
                // displacing the first, whose continuation would never be resumed.
                waiter.resume(returning: .unavailable)
                return
            }
            reader.waiter = waiter
            reader.deadline = now() + configuration.bodyReadTimeout.nanoseconds
            // Input may have come between the demand and now, while nobody waited.
            continueBody(reader, on: owner)
            updateInterest()
        case .reading(let reader): reader.waiter = waiter
        case .read(let bytes): waiter.resume(returning: .complete(bytes))
        case .refused(let limit): waiter.resume(returning: .tooLarge(limit: limit))
        case .none, .unread, .streamed: waiter.resume(returning: .unavailable)
        }
    }

    /// The responder of request `sequence` asks for the next chunk of its content, reading
    /// within `limit` bytes in all: what is buffered at once, else `.pending` — and the socket
    /// is read only while a chunk is waited for.
    func demandChunk(for sequence: UInt32, limit: Int, on owner: isolated ServerLoop) -> BodyDemand {
        guard case .handling(var exchange) = state, exchange.sequence == sequence else { return .unavailable }
        let reader: BodyReader
        switch exchange.body {
        case .none:
            return .complete([])
        case .read(let bytes):
            // Collected before: the whole content is the one chunk.
            exchange.body = .streamed
            state = .handling(exchange)
            return bytes.count <= limit ? .complete(bytes) : .tooLarge(limit: limit)
        case .refused(let refusedLimit):
            return .tooLarge(limit: min(limit, refusedLimit))
        case .streamed:
            return .complete([])  // Iterated to its end before: nothing more.
        case .reading(let current):
            guard current.streams, current.waiter == nil else { return .unavailable }
            reader = current
        case .unread(let framing):
            guard let started = startReading(framing, limit: limit, streams: true) else { return .tooLarge(limit: limit) }
            reader = started
        }
        switch takeBufferedBody(reader, on: owner) {
        case .complete(let bytes): return .complete(bytes)
        case .tooLarge: return .tooLarge(limit: limit)
        case .failed: return .unavailable
        case .needMore:
            if reader.hasPending { return .chunk(reader.takeChunk()) }
            return .pending
        }
    }

    /// New input arrived while the content is being read.
    func continueBody(_ reader: BodyReader, on owner: isolated ServerLoop) {
        if reader.streams {
            continueStream(reader, on: owner)
            return
        }
        reader.deadline = now() + configuration.bodyReadTimeout.nanoseconds
        switch takeBufferedBody(reader, on: owner) {
        case .complete(let bytes): reader.resume(with: .complete(bytes))
        case .tooLarge: reader.resume(with: .tooLarge(limit: reader.limit))
        case .failed: break  // Resumed by the answer that replaced the exchange.
        case .needMore: break
        }
    }

    /// New input for a stream: taken only when a chunk is waited for — otherwise it stays in
    /// the buffer, and reading stops until the next demand.
    private func continueStream(_ reader: BodyReader, on owner: isolated ServerLoop) {
        guard reader.waiter != nil else {
            updateInterest()
            return
        }
        reader.deadline = now() + configuration.bodyReadTimeout.nanoseconds
        switch takeBufferedBody(reader, on: owner) {
        case .complete(let bytes): reader.resume(with: .complete(bytes))
        case .tooLarge: reader.resume(with: .tooLarge(limit: reader.limit))
        case .failed: break
        case .needMore:
            if reader.hasPending {
                reader.resume(with: .chunk(reader.takeChunk()))
                updateInterest()
            }
        }
    }

    /// Feeds the buffered input to `reader` and moves the exchange on: the content complete,
    /// over its limit, malformed (answered 400 here), or cut off by the client's close.
    private func takeBufferedBody(_ reader: BodyReader, on owner: isolated ServerLoop) -> BodyReader.Progress {
        let (consumed, progress) = input.withUnsafeBufferPointer { reader.consume(UnsafeBufferPointer(rebasing: $0[inputStart...])) }
        inputStart += consumed
        guard case .handling(var exchange) = state else { return .failed(.badRequest) }
        switch progress {
        case .complete(let bytes):
            exchange.body = reader.streams ? .streamed : .read(bytes)
            state = .handling(exchange)
            compactInput()
            updateInterest()
        case .tooLarge:
            exchange.body = .refused(limit: reader.limit)
            state = .handling(exchange)
            inputStart = input.count
            compactInput()
            updateInterest()
        case .failed(let status):
            reader.resume(with: .unavailable)
            answerWithoutResponder(status, on: owner)
        case .needMore:
            compactInput()
            if inputClosed {
                // The client ended its side before the content: nobody is left to answer.
                reader.resume(with: .unavailable)
                close(on: owner)
                return .failed(.badRequest)
            }
        }
        return progress
    }

    /// Writes `100 Continue`; what the socket did not take (rare: a full send buffer), to go
    /// out before anything else.
    private func sendContinue() -> [UInt8] {
        let line = Self.continueLine
        let written = line.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return written >= line.count ? [] : Array(line[max(0, written)...])
    }

    /// Writes the rest of a `100 Continue` the socket did not take at first.
    func flushInterim(on owner: isolated ServerLoop) {
        guard case .handling(var exchange) = state, !exchange.interim.isEmpty else { return }
        let written = exchange.interim.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if written > 0 {
            exchange.interim.removeFirst(written)
            state = .handling(exchange)
        } else if written < 0 && errno != EAGAIN && errno != EINTR {
            close(on: owner)
            return
        }
        updateInterest()
    }

    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
