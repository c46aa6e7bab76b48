import Glibc
@testable import StrataHTTP
import Testing

@Suite("Termination signals", .serialized)
struct TerminationSignalTests {
    @Test func aSignalSentToTheProcessIsCaughtAndReported() async {
        let signals = TerminationSignal.install()
        kill(getpid(), SIGTERM)  // to the process, as `kill` and Kubernetes send it
        #expect(await signals.wait() == SIGTERM)
    }

    @Test func aSignalThatArrivesBeforeTheWaitIsKept() async throws {
        let signals = TerminationSignal.install()
        kill(getpid(), SIGINT)
        try await Task.sleep(for: .milliseconds(50))
        #expect(await signals.wait() == SIGINT)
    }

    @Test func eachInstallSeesTheNextSignal() async {
        for number in [SIGINT, SIGTERM, SIGINT] {
            let signals = TerminationSignal.install()
            kill(getpid(), number)
            #expect(await signals.wait() == number)
        }
    }
}
