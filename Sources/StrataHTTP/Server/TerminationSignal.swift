import Dispatch
import Synchronization
import Glibc

/// SIGINT and SIGTERM — the signals that ask a server to stop gracefully — caught from the
/// moment ``install()`` returns, so one that arrives while the server starts is not lost.
///
/// Once a signal has been received and no other waiter is left, both signals get their
/// default action back: a second Ctrl-C ends a drain that takes too long.
package final class TerminationSignal: Sendable {
    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private let state = PthreadLock(State())

    /// Starts catching SIGINT and SIGTERM; their default action (ending the process at once)
    /// no longer applies.
    package static func install() -> TerminationSignal {
        let signals = TerminationSignal()
        SignalRelay.shared.subscribe(signals)
        return signals
    }

    /// The first of SIGINT and SIGTERM received since ``install()``.
    package func wait() async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let received = state.withLock { state -> Int32? in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
    }

    fileprivate func deliver(_ number: Int32) {
        let waiter = state.withLock { state -> CheckedContinuation<Int32, Never>? in
            guard state.received == nil else { return nil }
            state.received = number
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: number)
    }
}

/// The write end of the pipe the signal handler writes to; `-1` until the relay exists. An
/// atomic, so the handler reads it without a lock (locks are not async-signal-safe).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Turns SIGINT and SIGTERM into bytes on a pipe, read by a Dispatch source that wakes the
/// subscribers — the self-pipe pattern.
///
/// A real handler, not a Dispatch signal source: on Linux those use `signalfd`, which sees a
/// signal only if every thread blocks it; a thread that does not (a loop thread, the main
/// thread) made the signal vanish now and then.
private final class SignalRelay: Sendable {
    static let shared = SignalRelay()

    private let subscribers = PthreadLock<[TerminationSignal]>([])
    /// Keeps the read source alive for the life of the process.
    ///
    /// `@unchecked Sendable`: set once in `init` and never changed; a Dispatch source may be
    /// used from any thread.
    private final class SourceBox: @unchecked Sendable {
        var source: (any DispatchSourceRead)?
    }
    private let box = SourceBox()

    private init() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            // The handler must never block; a full pipe already holds a wake-up.
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        let readEnd = ends[0]
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: DispatchQueue(label: "strata.signals"))
        source.setEventHandler { [unowned self] in
            var bytes = [UInt8](repeating: 0, count: 16)
            let count = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            for number in bytes.prefix(max(0, count)) { deliver(Int32(number)) }
        }
        source.resume()
        box.source = source
        signalPipeWriteEnd.store(ends[1], ordering: .releasing)
    }

    func subscribe(_ subscriber: TerminationSignal) {
        // Without the pipe a caught signal would go nowhere: better the default action.
        guard signalPipeWriteEnd.load(ordering: .acquiring) >= 0 else { return }
        subscribers.withLock { subscribers in
            subscribers.append(subscriber)
            // Under the lock, so a signal delivered meanwhile cannot put the default back
            // after this. The subscriber is listed first: no signal is caught with nobody to
            // tell.
            for number in [SIGINT, SIGTERM] { Self.setHandler(number, catching: true) }
        }
    }

    private func deliver(_ number: Int32) {
        let current = subscribers.withLock { subscribers in
            defer { subscribers.removeAll() }
            // Nobody waits any more: the next signal ends the process, as it would without us.
            for number in [SIGINT, SIGTERM] { Self.setHandler(number, catching: false) }
            return subscribers
        }
        for subscriber in current { subscriber.deliver(number) }
    }

    private static func setHandler(_ number: Int32, catching: Bool) {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        let handler: @convention(c) (Int32) -> Void = { number in
            // Async-signal-safe only: an atomic load and `write`; errno is the interrupted
            // code's and is put back.
            let saved = errno
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(signalPipeWriteEnd.load(ordering: .acquiring), &byte, 1)
            errno = saved
        }
        action.__sigaction_handler.sa_handler = catching ? handler : SIG_DFL
        sigaction(number, &action, nil)
    }
}
