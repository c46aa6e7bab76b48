import Strata
import StrataTesting
import Synchronization
import Testing

/// A server-sent events client that leaves between events — the common case: a browser tab
/// closed while the stream waits for its next event — cancels the producer at once on both
/// transports, long before the next event or keep-alive comment would have found it gone.
@Suite("A client that leaves a stream")
struct DepartedClientTests {
    /// One event, then nothing until cancelled; says when it ended — cancelled while it waited
    /// (the live server always has a read in flight), or released without being asked again
    /// (in process, the test client stops asking).
    struct OneThenSilence: AsyncSequence, Sendable {
        let ended: AsyncStream<Void>.Continuation

        /// Reports the end of the iterator that holds it.
        final class Sentinel: Sendable {
            let ended: AsyncStream<Void>.Continuation
            init(_ ended: AsyncStream<Void>.Continuation) { self.ended = ended }
            deinit { ended.yield() }
        }

        struct AsyncIterator: AsyncIteratorProtocol {
            let sentinel: Sentinel
            var sent = false

            mutating func next() async throws -> ServerSentEvent? {
                if !sent {
                    sent = true
                    return ServerSentEvent(data: "first")
                }
                do {
                    try await Task.sleep(for: .seconds(3600))
                } catch {
                    sentinel.ended.yield()
                    throw error
                }
                return nil
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(sentinel: Sentinel(ended)) }
    }

    @Test(arguments: TestTransport.allCases)
    func theProducerIsCancelledWhenTheClientLeaves(transport: TestTransport) async throws {
        let (endings, ended) = AsyncStream<Void>.makeStream()
        let app = App(routes: [
            // The keep-alive comment is 15 s away: only noticing the close itself ends it sooner.
            Get("/events") { _ in ServerSentEvents(OneThenSilence(ended: ended), keepAlive: .seconds(15)) },
        ])
        let client = try TestClient(app, transport: transport)
        let first = try await client.stream("/events") { response in
            var events = response.events()
            return try await events.next()
        }
        #expect(first?.data == "first")
        let noticed = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in endings { return true }
                return false
            }
            group.addTask {
                try await Task.sleep(for: .seconds(5))
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        #expect(noticed, "the producer still ran 5 s after its client left (\(transport))")
        await client.shutdown()
    }
}
