/// An async sequence of the source's events, with `ServerSentEvent.comment(text)` inserted whenever `interval` passes without an event.
///
/// Proxies and load balancers close connections that stay silent; a comment line every
/// `interval` keeps an event stream open while the source has nothing to say, and clients
/// ignore it.
///
/// ```swift partial
/// for try await event in KeepAliveEvents(quotes, interval: .seconds(15)) {
///     try await writer.write(event.encoded)
/// }
/// ```
///
/// The source is pulled on demand: it is asked for an element only when the consumer
/// calls `next()` and nothing is pending, so at most one element is ever in flight and
/// nothing is buffered. The interval counts from the moment `next()` starts waiting. When it
/// passes, `next()` returns the comment and the element still on its way is delivered by a
/// later `next()` — it is never lost or reordered.
///
/// Source errors are rethrown by `next()`, after which the sequence ends. Cancelling the
/// consuming task, or dropping the iterator, cancels the task that reads the source, so the
/// source sees the cancellation; `next()` then returns `nil`. An `interval` that is zero or
/// negative disables the comments.
public struct KeepAliveEvents<Source: AsyncSequence & Sendable>: AsyncSequence, Sendable where Source.Element == ServerSentEvent {
    /// The events, interleaved with keep-alive comments.
    public typealias Element = ServerSentEvent

    private let source: Source
    private let interval: Duration
    private let comment: String

    /// Wraps `source`, inserting `ServerSentEvent.comment(comment)` after every idle `interval`.
    public init(_ source: Source, interval: Duration, comment: String = "keep-alive") {
        self.source = source
        self.interval = interval
        self.comment = comment
    }

    /// An iterator that starts reading the source at its first `next()`.
    public func makeAsyncIterator() -> Iterator {
        Iterator(source: source, interval: interval > .zero ? interval : nil, comment: ServerSentEvent.comment(comment))
    }

    /// Delivers the source's events and the keep-alive comments.
    ///
    /// Not `Sendable`: one consumer calls `next()`, one call at a time.
    public struct Iterator: AsyncIteratorProtocol {
        private let lifetime: Lifetime
        private let interval: Duration?
        private let comment: ServerSentEvent

        fileprivate init(source: Source, interval: Duration?, comment: ServerSentEvent) {
            self.lifetime = Lifetime(source: source)
            self.interval = interval
            self.comment = comment
        }

        /// The next event, a keep-alive comment after an idle `interval`, or `nil` at the end.
        @concurrent public mutating func next() async throws -> ServerSentEvent? {
            let handoff = lifetime.handoff
            var timedOut = false
            while true {
                if Task.isCancelled {
                    handoff.terminate()
                    return nil
                }
                switch handoff.takeOrDemand(from: lifetime.source) {
                case .element(let event):
                    return event
                case .failure(let error):
                    throw error
                case .finished:
                    return nil
                case .pending:
                    // The timer fired on the last pass and the element is still on its way:
                    // it stays in flight for the next call.
                    if timedOut { return comment }
                    timedOut = await handoff.waitForDelivery(timeout: interval)
                }
            }
        }
    }

    /// Owned by the iterator alone (the producer task holds only the handoff), so its deinit
    /// runs when the iterator is dropped and stops the producer.
    private final class Lifetime: Sendable {
        let source: Source
        let handoff = EventHandoff()

        init(source: Source) {
            self.source = source
        }

        deinit {
            handoff.terminate()
        }
    }
}

@available(*, unavailable, message: "one consumer calls next(), one call at a time")
extension KeepAliveEvents.Iterator: Sendable {}
