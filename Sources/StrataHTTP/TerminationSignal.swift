import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// SIGINT and SIGTERM — the signals that ask a server to stop gracefully — caught from the
/// moment ``install()`` returns, so one that arrives while the server starts is not lost.
public final class TerminationSignal: Sendable {
    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private let state = Mutex(State())
    private let sources = SignalSources()

    /// Keeps the Dispatch sources alive while they are needed.
    ///
    /// `@unchecked Sendable`: the array is written once, inside `install()` before the object
    /// is returned, and afterwards only read to cancel the sources; Dispatch sources are
    /// themselves safe to cancel from any thread.
    private final class SignalSources: @unchecked Sendable {
        var sources: [any DispatchSourceSignal] = []
    }

    /// Starts catching SIGINT and SIGTERM; their default action (ending the process at once)
    /// no longer applies.
    public static func install() -> TerminationSignal {
        let signals = TerminationSignal()
        let queue = DispatchQueue(label: "strata.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            // The source is set up before the default action is turned off, so there is no
            // moment in which the signal is neither caught nor fatal.
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { signals.deliver(number) }
            source.resume()
            signal(number, SIG_IGN)
            sources.append(source)
        }
        signals.sources.sources = sources
        return signals
    }

    /// The first of SIGINT and SIGTERM received since ``install()``.
    public func wait() async -> Int32 {
        let number = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let received = state.withLock { state -> Int32? in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
        for source in sources.sources { source.cancel() }
        return number
    }

    private func deliver(_ number: Int32) {
        let waiter = state.withLock { state -> CheckedContinuation<Int32, Never>? in
            guard state.received == nil else { return nil }
            state.received = number
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: number)
    }
}
