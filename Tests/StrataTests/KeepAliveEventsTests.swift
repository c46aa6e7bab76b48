import Strata
import Synchronization
import Testing

private struct SourceFailure: Error, Equatable {}

/// Counts how often a source is asked for an element.
private final class PullCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Yields events after set delays, or fails, in order.
private struct ScriptedSource: AsyncSequence, Sendable {
    typealias Element = ServerSentEvent
    enum Step: Sendable {
        case event(String, after: Duration = .zero)
        case fail
    }

    let steps: [Step]
    let pulls = PullCounter()

    struct AsyncIterator: AsyncIteratorProtocol {
        var steps: ArraySlice<Step>
        let pulls: PullCounter

        mutating func next() async throws -> ServerSentEvent? {
            pulls.increment()
            guard let step = steps.popFirst() else { return nil }
            switch step {
            case .event(let data, let delay):
                if delay > .zero { try await Task.sleep(for: delay) }
                return ServerSentEvent(data: data)
            case .fail:
                throw SourceFailure()
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(steps: steps[...], pulls: pulls)
    }
}

/// Never yields; reports "started" when asked for an element and "cancelled" when that ask is cancelled.
private struct HangingSource: AsyncSequence, Sendable {
    typealias Element = ServerSentEvent
    let signal: AsyncStream<String>.Continuation

    struct AsyncIterator: AsyncIteratorProtocol {
        let signal: AsyncStream<String>.Continuation

        func next() async throws -> ServerSentEvent? {
            signal.yield("started")
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                signal.yield("cancelled")
                throw error
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(signal: signal)
    }
}

/// Opens once; whoever waits resumes then.
private final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// Yields each event only once its gate opens, then ends: the test decides when time "passes"
/// for the source, so nothing depends on how busy the machine is.
private struct GatedSource: AsyncSequence, Sendable {
    typealias Element = ServerSentEvent
    let events: [(data: String, gate: Gate)]
    let pulls = PullCounter()

    struct AsyncIterator: AsyncIteratorProtocol {
        var events: ArraySlice<(data: String, gate: Gate)>
        let pulls: PullCounter

        mutating func next() async throws -> ServerSentEvent? {
            pulls.increment()
            guard let (data, gate) = events.popFirst() else { return nil }
            await gate.wait()
            return ServerSentEvent(data: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: events[...], pulls: pulls)
    }
}

private func collect<S: AsyncSequence>(_ sequence: S) async throws -> [ServerSentEvent] where S.Element == ServerSentEvent {
    var received: [ServerSentEvent] = []
    for try await event in sequence { received.append(event) }
    return received
}

@Suite("KeepAliveEvents", .timeLimit(.minutes(1)))
struct KeepAliveEventsTests {
    @Test("comments fill the gaps of a slow source, and every event still arrives in order")
    func commentsDuringSlowSource() async throws {
        let gates = [Gate(), Gate(), Gate()]
        let source = GatedSource(events: zip(["a", "b", "c"], gates).map { ($0, $1) })
        var iterator = KeepAliveEvents(source, interval: .milliseconds(20)).makeAsyncIterator()
        var received: [ServerSentEvent] = []
        for gate in gates {
            // The source cannot answer until its gate opens, so the next thing must be a comment.
            let comment = try await iterator.next()
            #expect(comment == .comment("keep-alive"))
            received.append(contentsOf: comment.map { [$0] } ?? [])
            gate.open()
            var next = try await iterator.next()
            while next == .comment("keep-alive") { next = try await iterator.next() }
            received.append(contentsOf: next.map { [$0] } ?? [])
        }
        #expect(try await iterator.next() == nil)
        #expect(received.filter { $0.comment == nil } == ["a", "b", "c"].map { ServerSentEvent(data: $0) })
        #expect(source.pulls.value == 4)  // three events and the end: comments do not pull
    }

    @Test("the comment text is configurable")
    func customComment() async throws {
        let gate = Gate()
        let source = GatedSource(events: [("a", gate)])
        var iterator = KeepAliveEvents(source, interval: .milliseconds(20), comment: "ping").makeAsyncIterator()
        #expect(try await iterator.next() == .comment("ping"))
        gate.open()
        var next = try await iterator.next()
        while next == .comment("ping") { next = try await iterator.next() }
        #expect(next == ServerSentEvent(data: "a"))
    }

    @Test("no comments when events come faster than the interval")
    func noCommentsWhenBusy() async throws {
        let steps = (0..<50).map { ScriptedSource.Step.event("\($0)", after: $0 % 10 == 0 ? .milliseconds(1) : .zero) }
        let received = try await collect(KeepAliveEvents(ScriptedSource(steps: steps), interval: .seconds(30)))
        #expect(received == (0..<50).map { ServerSentEvent(data: "\($0)") })
    }

    @Test("a timeout does not lose the element on its way, nor ask the source again")
    func pendingElementSurvivesTimeouts() async throws {
        let gate = Gate()
        let source = GatedSource(events: [("a", gate)])
        var iterator = KeepAliveEvents(source, interval: .milliseconds(10)).makeAsyncIterator()
        #expect(try await iterator.next() == .comment("keep-alive"))
        #expect(try await iterator.next() == .comment("keep-alive"))
        gate.open()
        var next = try await iterator.next()
        while next == .comment("keep-alive") { next = try await iterator.next() }
        #expect(next == ServerSentEvent(data: "a"))
        #expect(source.pulls.value == 1)
        #expect(try await iterator.next() == nil)
        #expect(try await iterator.next() == nil)
        #expect(source.pulls.value == 2)
    }

    @Test("the source is pulled only when the consumer asks")
    func pullsOnDemand() async throws {
        let source = ScriptedSource(steps: [.event("a"), .event("b"), .event("c")])
        var iterator = KeepAliveEvents(source, interval: .seconds(30)).makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(20))
        #expect(source.pulls.value == 0)
        #expect(try await iterator.next() == ServerSentEvent(data: "a"))
        try await Task.sleep(for: .milliseconds(50))
        #expect(source.pulls.value == 1)
        #expect(try await iterator.next() == ServerSentEvent(data: "b"))
        #expect(source.pulls.value == 2)
    }

    @Test("an empty source ends at once, and stays ended")
    func emptySource() async throws {
        var iterator = KeepAliveEvents(ScriptedSource(steps: []), interval: .seconds(30)).makeAsyncIterator()
        #expect(try await iterator.next() == nil)
        #expect(try await iterator.next() == nil)
    }

    @Test("a source error is rethrown after the events before it, then the sequence ends")
    func errorsPropagate() async throws {
        let source = ScriptedSource(steps: [.event("a"), .event("b", after: .milliseconds(30)), .fail, .event("never")])
        var iterator = KeepAliveEvents(source, interval: .milliseconds(10)).makeAsyncIterator()
        var received: [ServerSentEvent] = []
        await #expect(throws: SourceFailure()) {
            while let event = try await iterator.next() { received.append(event) }
        }
        #expect(received.filter { $0.comment == nil } == [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")])
        #expect(try await iterator.next() == nil)
        #expect(source.pulls.value == 3)
    }

    @Test("a zero interval disables the comments")
    func zeroInterval() async throws {
        let source = ScriptedSource(steps: [.event("a", after: .milliseconds(30)), .event("b")])
        let received = try await collect(KeepAliveEvents(source, interval: .zero))
        #expect(received == [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")])
    }

    @Test("cancelling the consumer cancels the source and ends the sequence", arguments: [Duration.seconds(3600), .milliseconds(5), .zero])
    func cancellationReachesSource(interval: Duration) async throws {
        let (signals, signal) = AsyncStream.makeStream(of: String.self)
        let consumer = Task {
            try await collect(KeepAliveEvents(HangingSource(signal: signal), interval: interval))
        }
        var log = signals.makeAsyncIterator()
        #expect(await log.next() == "started")
        consumer.cancel()
        #expect(await log.next() == "cancelled")
        let received = try await consumer.value
        #expect(received.allSatisfy { $0 == .comment("keep-alive") })
    }

    @Test("a cancelled consumer gets nil without the source being asked")
    func alreadyCancelled() async throws {
        let source = ScriptedSource(steps: [.event("a")])
        let result = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var iterator = KeepAliveEvents(source, interval: .seconds(30)).makeAsyncIterator()
            return try await iterator.next()
        }.result
        #expect(try result.get() == nil)
        #expect(source.pulls.value == 0)
    }

    @Test("dropping the iterator cancels the source")
    func droppingIteratorCancels() async throws {
        let (signals, signal) = AsyncStream.makeStream(of: String.self)
        do {
            var iterator = KeepAliveEvents(HangingSource(signal: signal), interval: .milliseconds(5)).makeAsyncIterator()
            #expect(try await iterator.next() == .comment("keep-alive"))
        }
        var log = signals.makeAsyncIterator()
        #expect(await log.next() == "started")
        #expect(await log.next() == "cancelled")
    }
}
