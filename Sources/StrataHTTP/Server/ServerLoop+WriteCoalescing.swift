/// Write coalescing: a responder's complete response is not written the moment it is
/// delivered, but with the others its loop's burst of work answers — before the loop next
/// waits for events.
///
/// Each write to a peer that waits for it wakes that peer, and the writing thread pays for the
/// wakeup (on a virtual machine, an inter-processor interrupt too). Written one by one between
/// handlers, the responses of a burst wake a peer that keeps up — a proxy on the same host, a
/// load generator — for nearly every response; written together, once a burst. Measured with
/// `wrk -c64` against `Examples/Hello` on one core: wakeups per request 0.066 → 0.023 on
/// `/json` and 0.275 → 0.038 on `/guarded`; see Documentation/Performance.md.
///
/// The wait is bounded twice: a burst's end, and ``ServerConfiguration/maxBatchedResponses``
/// responses (32 by default), after which they are written at once. A response does wait for
/// the jobs that run after its own in the burst — a handler that holds the loop's thread holds
/// the responses finished before it, as it holds everything else on the loop
/// (`runsHandlers(on:)` is the remedy for either). Streams start at once, and what the server
/// answers for itself (400, 408, 413…) is written at once.
extension ServerLoop {
    /// Writes connection `id`'s complete response with the rest of the burst's.
    func deferWrite(of id: ConnectionID) {
        deferredWrites.append(id)
        // At the limit (1: every response), all of them are written now.
        if deferredWrites.count >= maxBatchedResponses { writeDeferred() }
    }

    /// Writes every deferred response. A connection closed meanwhile is skipped: its
    /// ``ConnectionID`` names a generation no longer open.
    func writeDeferred() {
        // Swapped out first: writing moves a connection on (a pipelined request, a close),
        // and nothing it does may touch the list being walked.
        while !deferredWrites.isEmpty {
            swap(&deferredWrites, &writingDeferred)
            for id in writingDeferred {
                connection(id)?.flush(on: self)
            }
            writingDeferred.removeAll(keepingCapacity: true)
        }
    }
}
