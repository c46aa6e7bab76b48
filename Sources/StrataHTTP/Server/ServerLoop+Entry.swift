import CStrataSystem

/// How code outside the actor reaches a ``ServerLoop``: the loop's I/O callbacks, and the
/// tasks of its connections — the responder's, a stream's, a body reader's.
///
/// All of them run on the loop's thread already (the callbacks by construction, the tasks
/// because they prefer the loop as their executor), so they enter the actor synchronously
/// rather than hop through its queue: ``enter(_:_:)`` checks the thread at run time, as
/// `assumeIsolated` does, and then runs a function whose body the compiler checked as
/// isolated. A task that finds itself elsewhere takes the actor's queue instead.
extension ServerLoop {
    /// Runs `function` isolated to this actor, synchronously, from the loop's thread.
    ///
    /// `assumeIsolated` would do, but in Swift 6.3 it boxes its closure on the heap on every
    /// call — two allocations per request on this path. `function` is a top-level function
    /// (no context), and the cast drops only the `isolated` marker, whose promise — running
    /// on the loop's thread — the precondition checks.
    @inline(__always)
    nonisolated func enter<Argument, Result>(_ function: @escaping (isolated ServerLoop, Argument) -> Result, _ argument: Argument) -> Result {
        precondition(loop.isInEventLoop, "entered event loop \(loop.index)'s state from another thread")
        return unsafeBitCast(function, to: ((ServerLoop, Argument) -> Result).self)(self, argument)
    }

    /// ``enter(_:_:)`` for a function that also takes the continuation of a waiting task.
    @inline(__always)
    nonisolated func enter<Argument, Waiter>(_ function: @escaping (isolated ServerLoop, Argument, Waiter) -> Void, _ argument: Argument, _ waiter: Waiter) {
        precondition(loop.isInEventLoop, "entered event loop \(loop.index)'s state from another thread")
        unsafeBitCast(function, to: ((ServerLoop, Argument, Waiter) -> Void).self)(self, argument, waiter)
    }

    // MARK: The loop's callbacks

    nonisolated func loopDidPoll(_ events: UnsafeBufferPointer<epoll_event>) {
        enter(handleEvents, events)
    }

    nonisolated func loopDidTick(now: UInt64) {
        enter(handleTick, now)
    }

    nonisolated func flushDeferredOutput() {
        enter(writeDeferredResponses, ())
    }

    /// Runs `function` isolated to this actor: in place when called on the loop's thread (a
    /// connection's tasks prefer it), else through the actor's queue.
    @inline(__always)
    nonisolated func perform<Argument: Sendable, Result: Sendable>(
        _ function: @escaping @Sendable (isolated ServerLoop, Argument) -> Result, _ argument: Argument
    ) async -> Result {
        loop.isInEventLoop ? enter(function, argument) : await performQueued(function, argument)
    }

    /// Runs `function` isolated to this actor with a continuation it resumes — at once, or
    /// when what the task waits for happens — and waits for that.
    @inline(__always)
    nonisolated func performWaiting<Argument: Sendable, Result: Sendable>(
        _ function: @escaping @Sendable (isolated ServerLoop, Argument, CheckedContinuation<Result, Never>) -> Void, _ argument: Argument
    ) async -> Result {
        guard loop.isInEventLoop else { return await performWaitingQueued(function, argument) }
        return await withCheckedContinuation { waiter in
            // The closure runs at once, on this thread, before the task suspends.
            enter(function, argument, waiter)
        }
    }

    private func performQueued<Argument: Sendable, Result: Sendable>(
        _ function: @Sendable (isolated ServerLoop, Argument) -> Result, _ argument: Argument
    ) -> Result {
        function(self, argument)
    }

    private func performWaitingQueued<Argument: Sendable, Result: Sendable>(
        _ function: @Sendable (isolated ServerLoop, Argument, CheckedContinuation<Result, Never>) -> Void, _ argument: Argument
    ) async -> Result {
        await withCheckedContinuation { function(self, argument, $0) }
    }

    // MARK: Tasks

    /// Hands the responder's answer to request `sequence` to connection `id`.
    nonisolated func deliver(_ response: HTTPResponse, to id: ConnectionID, sequence: UInt32) async {
        await perform(deliverResponse, (response, id, sequence))
    }

    /// Request `sequence`'s content on connection `id`, read within `limit` bytes.
    nonisolated func readBody(of id: ConnectionID, sequence: UInt32, limit: Int) async -> BodyDemand {
        let demand = await perform(demandBody, (id, sequence, limit))
        guard case .pending = demand else { return demand }
        return await performWaiting(awaitBody, (id, sequence))
    }

    /// The next chunk of a request's content, read within `limit` bytes in all; waits only
    /// when nothing is buffered.
    nonisolated func readBodyChunk(of id: ConnectionID, sequence: UInt32, limit: Int) async -> BodyDemand {
        let demand = await perform(demandChunk, (id, sequence, limit))
        guard case .pending = demand else { return demand }
        return await performWaiting(awaitBody, (id, sequence))
    }

    /// Queues a stream's chunk on connection `id` and waits until it is written; false when the
    /// connection is gone.
    nonisolated func writeChunk(_ chunk: [UInt8], to id: ConnectionID) async -> Bool {
        switch await perform(queueChunk, (chunk, id)) {
        case nil: return false
        case true?: return true
        case false?: return await performWaiting(awaitDrain, id)
        }
    }

    /// A stream on connection `id` ended: normally, or with its producer's error (`failed`),
    /// which ends the connection without the last chunk — the only way left to tell the
    /// client the content is incomplete.
    nonisolated func endStream(on id: ConnectionID, failed: Bool) async {
        await perform(finishStream, (id, failed))
    }
}

// The bodies of the entry points: top-level functions, so that passing one to `enter` makes
// no closure context. Each is compiled as isolated to its loop.

private func handleEvents(_ loop: isolated ServerLoop, _ events: UnsafeBufferPointer<epoll_event>) {
    for event in events {
        loop.handle(event)
    }
}

private func handleTick(_ loop: isolated ServerLoop, _ now: UInt64) {
    loop.tick(now: now)
}

private func writeDeferredResponses(_ loop: isolated ServerLoop, _: Void) {
    loop.writeDeferred()
}

private func deliverResponse(_ loop: isolated ServerLoop, _ delivery: (response: HTTPResponse, id: ConnectionID, sequence: UInt32)) {
    if let connection = loop.connection(delivery.id) {
        connection.send(delivery.response, for: delivery.sequence, on: loop)
    } else {
        // The client is gone; background work still runs, as it would have.
        loop.server.dropUnsent(delivery.response, on: loop.loop)
    }
}

private func demandBody(_ loop: isolated ServerLoop, _ request: (id: ConnectionID, sequence: UInt32, limit: Int)) -> BodyDemand {
    loop.connection(request.id)?.demandBody(for: request.sequence, limit: request.limit, on: loop) ?? .unavailable
}

private func demandChunk(_ loop: isolated ServerLoop, _ request: (id: ConnectionID, sequence: UInt32, limit: Int)) -> BodyDemand {
    loop.connection(request.id)?.demandChunk(for: request.sequence, limit: request.limit, on: loop) ?? .unavailable
}

private func awaitBody(_ loop: isolated ServerLoop, _ request: (id: ConnectionID, sequence: UInt32), _ waiter: CheckedContinuation<BodyDemand, Never>) {
    if let connection = loop.connection(request.id) {
        connection.waitForBody(for: request.sequence, waiter, on: loop)
    } else {
        waiter.resume(returning: .unavailable)
    }
}

private func queueChunk(_ loop: isolated ServerLoop, _ chunk: (bytes: [UInt8], id: ConnectionID)) -> Bool? {
    loop.connection(chunk.id)?.queueChunk(chunk.bytes, on: loop)
}

private func awaitDrain(_ loop: isolated ServerLoop, _ id: ConnectionID, _ waiter: CheckedContinuation<Bool, Never>) {
    if let connection = loop.connection(id) {
        connection.waitForDrain(waiter)
    } else {
        waiter.resume(returning: false)
    }
}

private func finishStream(_ loop: isolated ServerLoop, _ end: (id: ConnectionID, failed: Bool)) {
    guard let connection = loop.connection(end.id) else { return }
    if end.failed {
        connection.close(on: loop)
    } else {
        connection.finishStream(on: loop)
    }
}
