import Strata

/// Reads a body stream in a task of its own, one chunk each time the test asks, so that when
/// the test stops reading the stream is cancelled — as the server cancels it when a client
/// goes away — instead of running on.
final class StreamPump: Sendable {
    private struct State {
        var demand: CheckedContinuation<Bool, Never>?
        var pendingDemand = false
        var delivery: CheckedContinuation<Result<[UInt8]?, any Error>, Never>?
        var cancelled = false
        /// Set once the stream ended or failed: later reads answer at once, as the other
        /// transports do.
        var finished: Result<[UInt8]?, any Error>?
        /// Content bytes produced so far, and whether the stream reached its end.
        var produced = 0
        var ended = false
    }

    private let state = PthreadLock(State())
    private let task = PthreadLock<Task<Void, Never>?>(nil)

    init(_ stream: HTTPBodyStream) {
        let pumping = Task { [self] in
            let reader = stream.makeReader()
            while await waitForDemand() {
                do {
                    let chunk = try await reader.next()
                    deliver(.success(chunk))
                    if chunk == nil { return }
                } catch {
                    deliver(.failure(error))
                    return
                }
            }
            // Stopped by the test: asking once more in the cancelled task lets the sequence see
            // it (an AsyncStream calls its onTermination).
            _ = try? await reader.next()
        }
        task.withLock { $0 = pumping }
    }

    /// The next chunk, or `nil` at the end.
    func next() async throws -> [UInt8]? {
        enum Action {
            case finish
            case finished(Result<[UInt8]?, any Error>)
            case wake(CheckedContinuation<Bool, Never>)
            case wait
        }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[UInt8]?, any Error>, Never>) in
            let action = state.withLock { state -> Action in
                if let finished = state.finished {
                    return .finished(finished)
                }
                if state.cancelled { return .finish }
                state.delivery = continuation
                if let demand = state.demand {
                    state.demand = nil
                    return .wake(demand)
                }
                state.pendingDemand = true
                return .wait
            }
            switch action {
            case .finish: continuation.resume(returning: .success(nil))
            case .finished(let result): continuation.resume(returning: result)
            case .wake(let demand): demand.resume(returning: true)
            case .wait: break
            }
        }
        return try result.get()
    }

    /// Stops reading and cancels the stream.
    func cancel() {
        let demand = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.cancelled = true
            defer { state.demand = nil }
            return state.demand
        }
        task.withLock { $0?.cancel() }
        demand?.resume(returning: false)
    }

    private func waitForDemand() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = state.withLock { state -> Bool? in
                if state.cancelled { return false }
                if state.pendingDemand {
                    state.pendingDemand = false
                    return true
                }
                state.demand = continuation
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// What the stream produced, as the server reports a delivery: its bytes and whether it ended.
    var delivery: (bytes: Int, ended: Bool) {
        state.withLock { ($0.produced, $0.ended) }
    }

    private func deliver(_ result: Result<[UInt8]?, any Error>) {
        let delivery = state.withLock { state in
            // After the end or an error, every later read is answered with the end.
            switch result {
            case .success(let chunk?): state.produced += chunk.count
            case .success(nil): state.ended = true; state.finished = .success(nil)
            case .failure: state.finished = .success(nil)
            }
            defer { state.delivery = nil }
            return state.delivery
        }
        delivery?.resume(returning: result)
    }
}
