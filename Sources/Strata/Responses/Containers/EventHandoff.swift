
/// The single-slot handoff between the task that reads a ``KeepAliveEvents`` source and the
/// one consumer of its iterator.
///
/// The producer task asks the source for one element only after the consumer has demanded
/// one, puts the result in the slot, and waits for the next demand; the consumer takes
/// from the slot or waits for it to fill. Every continuation is stored under the lock and
/// taken out under the lock by exactly one party before it is resumed, so each is resumed
/// exactly once, and each wait re-checks its condition under the lock before storing its
/// continuation, so no wakeup is lost.
final class EventHandoff: Sendable {
    /// What the consumer found.
    enum Take {
        case element(ServerSentEvent)
        case failure(any Error)
        case finished
        /// The source is working on the demanded element.
        case pending
    }

    private struct State {
        var producer: Task<Void, Never>?
        /// The consumer wants an element and the slot has not been filled for it yet.
        var demanded = false
        /// A delivered result: an element, the end (`nil`) or the source's error.
        var slot: Result<ServerSentEvent?, any Error>?
        /// The sequence is over: the end or an error was taken, or the consumer went away.
        var finished = false
        var producerWaiter: CheckedContinuation<Bool, Never>?
        var consumerWaiter: CheckedContinuation<Void, Never>?
    }

    private let state = PthreadLock(State())

    /// Takes a delivered result, or demands one — starting the producer on first use.
    func takeOrDemand<Source: AsyncSequence & Sendable>(from source: Source) -> Take where Source.Element == ServerSentEvent {
        let (take, wake): (Take, CheckedContinuation<Bool, Never>?) = state.withLock { state in
            if let result = state.slot {
                state.slot = nil
                switch result {
                case .success(let event?):
                    return (.element(event), nil)
                case .success(nil):
                    state.finished = true
                    return (.finished, nil)
                case .failure(let error):
                    state.finished = true
                    return (.failure(error), nil)
                }
            }
            if state.finished { return (.finished, nil) }
            guard !state.demanded else { return (.pending, nil) }
            state.demanded = true
            if state.producer == nil {
                // Started lazily so that making an iterator that is never used costs nothing.
                state.producer = Task { await self.produce(source) }
            }
            return (.pending, state.producerWaiter.take())
        }
        wake?.resume(returning: true)
        return take
    }

    /// Waits until the slot fills, the sequence ends or the task is cancelled, or `timeout`
    /// passes; returns true when the timeout passed first. `nil` waits without a timeout.
    func waitForDelivery(timeout: Duration?) async -> Bool {
        guard let timeout else {
            await waitForSlot()
            return false
        }
        // The children only signal; the consumer takes the slot itself afterwards, so an
        // element that arrives as the timer fires stays in the slot instead of being lost.
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitForSlot()
                return false
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return true
                } catch {
                    return false  // cancelled: the slot filled first, or the consumer was cancelled
                }
            }
            let timedOut = await group.next() ?? false
            group.cancelAll()
            return timedOut
        }
    }

    /// Ends the sequence: wakes both sides and cancels the producer so the source sees it.
    func terminate() {
        let (producer, producerWaiter, consumerWaiter) = state.withLock { state in
            state.finished = true
            state.slot = nil
            let producer = state.producer
            state.producer = nil
            return (producer, state.producerWaiter.take(), state.consumerWaiter.take())
        }
        producerWaiter?.resume(returning: false)
        consumerWaiter?.resume()
        producer?.cancel()
    }

    private func produce<Source: AsyncSequence & Sendable>(_ source: Source) async where Source.Element == ServerSentEvent {
        var iterator = source.makeAsyncIterator()
        while await waitForDemand() {
            let result: Result<ServerSentEvent?, any Error>
            do {
                result = .success(try await iterator.next())
            } catch {
                result = .failure(error)
            }
            deliver(result)
            guard case .success(.some) = result else { return }
        }
    }

    /// Returns true once an element is demanded, false when the sequence is over.
    private func waitForDemand() async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer: Bool? = state.withLock { state in
                if state.finished { return false }
                if state.demanded { return true }
                state.producerWaiter = continuation
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    private func deliver(_ result: Result<ServerSentEvent?, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.demanded = false
            guard !state.finished else { return nil }  // the consumer went away: drop it
            state.slot = result
            return state.consumerWaiter.take()
        }
        waiter?.resume()
    }

    /// Returns once the slot is full, the sequence is over or the current task is cancelled.
    private func waitForSlot() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Task.isCancelled is read under the lock: the cancellation flag is set before
                // the handler below runs, so either this sees it or the handler sees the waiter.
                let waits = state.withLock { state in
                    guard state.slot == nil, !state.finished, !Task.isCancelled else { return false }
                    assert(state.consumerWaiter == nil, "one next() at a time")
                    state.consumerWaiter = continuation
                    return true
                }
                if !waits { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.consumerWaiter.take() }?.resume()
        }
    }
}
