import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Waits for SIGINT or SIGTERM — the signals that ask a server to stop gracefully.
public enum TerminationSignal {
    /// Returns the first of SIGINT and SIGTERM the process receives.
    public static func wait() async -> Int32 {
        // The default actions would end the process at once; Dispatch delivers them instead.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let received = Mutex<CheckedContinuation<Int32, Never>?>(nil)
        let queue = DispatchQueue(label: "strata.signals")
        var sources: [any DispatchSourceSignal] = []
        let signalNumber = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            received.withLock { $0 = continuation }
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    received.withLock { $0.take() }?.resume(returning: number)
                }
                source.resume()
                sources.append(source)
            }
        }
        for source in sources { source.cancel() }
        return signalNumber
    }
}
