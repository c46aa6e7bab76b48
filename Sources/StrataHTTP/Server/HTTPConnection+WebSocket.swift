import CStrataSystem
import Glibc

/// A connection after `101 Switching Protocols`: WebSocket frames in and out on the same
/// event loop, beside the loop's HTTP connections. The HTTP parser is left behind; bytes the
/// client sent right after its handshake are the first frames.
extension HTTPConnection {
    /// Writes the 101 and turns the connection into a WebSocket running `upgrade`'s handler.
    func upgrade(_ response: HTTPResponse, _ upgrade: WebSocketUpgrade, exchange: Exchange, on owner: isolated ServerLoop) {
        let writer = spareWriter ?? ResponseWriter()
        spareWriter = nil
        writer.output.append(contentsOf: exchange.interim)
        do {
            try HTTPResponseSerializer.serialize(response, date: owner.dateField, into: &writer.output)
        } catch {
            upgrade.abandon()
            writer.output.removeAll(keepingCapacity: true)
            writer.output.append(contentsOf: exchange.interim)
            writeFallback(.internalServerError, writer: writer, on: owner)
            return
        }
        // The handshake is the whole HTTP response: the access line and background work see it now.
        response.onDelivery?(HTTPResponse.Delivery(status: .switchingProtocols, contentBytes: 0, isComplete: true))
        if let afterSent = response.afterSent {
            server.runAfterSent(afterSent, label: response.afterSentLabel, on: loop)
        }
        let record = WebSocketCloseRecord()
        let link = WebSocketLink(machine: upgrade.makeStateMachine(), writer: writer, options: upgrade.options, record: record, now: now())
        state = .upgraded(link)
        requestHasContent = false
        let transport = ServerWebSocketTransport(owner: owner, connection: id, link: LoopBound(link), record: record)
        link.handlerTask = Self.startWebSocketHandler(upgrade.handler, socket: WebSocketConnection(transport: transport, subprotocol: upgrade.subprotocol),
                                                      loop: loop, owner: owner, connection: id)
        if draining || server.isDraining.load(ordering: .relaxed) {
            // Answered while the server drains: told at once, like the sockets already open.
            closeWebSocket(.goingAway, reason: "server shutting down", on: owner)
            guard case .upgraded = state else { return }
        }
        process(on: owner)
    }

    nonisolated static func startWebSocketHandler(_ handler: @escaping @Sendable (WebSocketConnection) async -> Void, socket: WebSocketConnection,
                                                  loop: EventLoop, owner: ServerLoop, connection: ConnectionID) -> Task<Void, Never> {
        Task(executorPreference: loop) {
            await handler(socket)
            await owner.perform(webSocketHandlerEnded, connection)
        }
    }

    /// Runs the frames buffered in the input through the protocol — until the handler has its
    /// fill — writes what it answers, and closes once it is done.
    func processWebSocket(_ link: WebSocketLink, on owner: isolated ServerLoop) {
        if inputStart < input.count && link.wantsInput {
            link.lastHeard = now()
            link.pingSent = nil
            let start = inputStart
            // The pause test may not read the machine or the output while `consume` holds them.
            // After our close nothing is queued, so the client's close is always read; pongs
            // grow the output by at most the input's size.
            let closing = link.machine.closeSent
            let limit = link.options.maxBufferedBytes
            let consumed = input.withUnsafeBufferPointer { buffer in
                link.machine.consume(UnsafeBufferPointer(rebasing: buffer[start...]), output: &link.writer.output,
                                     pause: { !closing && link.inbox.bufferedBytes >= limit }, deliver: { link.handle($0) })
            }
            inputStart += consumed
            if let failure = link.machine.failure {
                link.closeCode = link.closeCode ?? failure
            }
            if link.machine.closeSent && link.closeSentAt == nil { link.closeSentAt = now() }
            compactInput()
        }
        flushWebSocket(link, on: owner)
        guard case .upgraded(let current) = state, current === link else { return }
        if inputClosed {
            // The client's side of TCP ended before the close handshake did: the connection
            // was lost.
            close(on: owner)
            return
        }
        updateInterest()
    }

    /// Reading resumes after a pause (the handler took messages, or the client read its
    /// output): first the frames still in the input, then the socket.
    func resumeWebSocketInput(_ link: WebSocketLink, on owner: isolated ServerLoop) {
        guard case .upgraded(let current) = state, current === link else { return }
        processWebSocket(link, on: owner)
    }

    /// Writes what the socket takes; once the protocol is done and all is written, closes.
    func flushWebSocket(_ link: WebSocketLink, on owner: isolated ServerLoop) {
        let wasBlocked = link.writer.isBlocked
        let wasHeldBack = !link.wantsInput
        switch link.writer.flush(to: fd, now: now(), progressTimeout: configuration.idleTimeout.nanoseconds) {
        case .failed:
            close(on: owner)
        case .blocked:
            if !wasBlocked { updateInterest() }
        case .drained:
            let waiters = link.drainWaiters
            link.drainWaiters = []
            for waiter in waiters { waiter.resume(returning: true) }
            if link.machine.isFinished {
                // §7.1.1: the server closes the TCP connection first, once both closes have
                // passed (or its own close failed the connection).
                link.finish(link.closeCode ?? .abnormalClosure)
                closeGracefully(on: owner)
                return
            }
            if wasBlocked {
                updateInterest()
                // Reading stopped while the client did not read: frames may be waiting.
                if wasHeldBack && link.wantsInput && inputStart < input.count { processWebSocket(link, on: owner) }
            }
        }
    }

    /// Lets go of a WebSocket whose connection closes before the close handshake completed:
    /// the handler's waits end with 1006 (or the code of a close that was not answered), and
    /// its task is cancelled.
    func abandonWebSocket(_ link: WebSocketLink) {
        link.finish(link.closeCode ?? .abnormalClosure)
        link.handlerTask?.cancel()
        link.handlerTask = nil
        let waiters = link.drainWaiters
        link.drainWaiters = []
        for waiter in waiters { waiter.resume(returning: false) }
        _ = link.writer.abandon()
    }

    // MARK: The handler's calls

    func queueWebSocketMessage(_ message: WebSocketMessage, on owner: isolated ServerLoop) -> WebSocketSendOutcome {
        guard case .upgraded(let link) = state else { return .closed }
        guard link.machine.write(message, into: &link.writer.output) else { return .closed }
        flushWebSocket(link, on: owner)
        guard case .upgraded(let current) = state, current === link else { return .closed }
        return link.writer.hasPendingOutput ? .blocked : .written
    }

    func waitForWebSocketDrain(_ waiter: CheckedContinuation<Bool, Never>) {
        guard case .upgraded(let link) = state, link.writer.hasPendingOutput else {
            return waiter.resume(returning: !isClosed)
        }
        link.drainWaiters.append(waiter)
    }

    /// Sends our close, once; the connection ends when the client answers or the close
    /// timeout passes.
    func closeWebSocket(_ code: WebSocketCloseCode, reason: String, on owner: isolated ServerLoop) {
        guard case .upgraded(let link) = state, !link.machine.closeSent else { return }
        let wasHeldBack = !link.wantsInput
        link.machine.writeClose(code, reason: reason, into: &link.writer.output)
        link.closeCode = link.closeCode ?? (code.isSendable ? code : .normalClosure)
        link.closeSentAt = now()
        flushWebSocket(link, on: owner)
        guard case .upgraded(let current) = state, current === link else { return }
        // Reading may have been paused for the handler: the client's answer must be read.
        if wasHeldBack && link.wantsInput { processWebSocket(link, on: owner) } else { updateInterest() }
    }

    /// Pings a silent client, drops one that does not answer, and ends a close handshake the
    /// client does not finish.
    func checkWebSocketTimeouts(_ link: WebSocketLink, now: UInt64, on owner: isolated ServerLoop) {
        if link.writer.hasStalled(socket: fd, now: now, progressTimeout: configuration.idleTimeout.nanoseconds) {
            close(on: owner)  // The client stopped reading.
            return
        }
        if let sentAt = link.closeSentAt, now >= Self.adding(link.options.closeTimeout, to: sentAt) {
            close(on: owner)
            return
        }
        guard let interval = link.options.pingInterval, !link.machine.closeSent else { return }
        if link.isHeldBack {
            // Reading is paused for the handler or the client's reading: a pong could not be
            // read, so silence now proves nothing.
            link.lastHeard = now
            link.pingSent = nil
            return
        }
        if let pingSent = link.pingSent {
            if now >= Self.adding(link.options.pingTimeout, to: pingSent) { close(on: owner) }
        } else if now >= Self.adding(interval, to: link.lastHeard) {
            link.machine.writePing(into: &link.writer.output)
            link.pingSent = now
            flushWebSocket(link, on: owner)
        }
    }

    /// `start` plus `duration`, saturating: a timeout of years never wraps into the past.
    static func adding(_ duration: Duration, to start: UInt64) -> UInt64 {
        let (sum, overflow) = start.addingReportingOverflow(duration.nanoseconds)
        return overflow ? .max : sum
    }
}
