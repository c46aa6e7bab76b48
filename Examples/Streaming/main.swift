import Strata

// swift run Streaming [--port 8000] — a chunked stream and server-sent events, with a page
// that shows the events in a browser.
let page = """
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Strata streaming</title></head>
<body>
<h1>Server-sent events</h1>
<p>Ticks from <code>/events</code>, as an <code>EventSource</code> receives them:</p>
<ol id="ticks"></ol>
<script>
const list = document.getElementById("ticks");
const source = new EventSource("/events");
source.addEventListener("tick", (event) => {
  const item = document.createElement("li");
  item.textContent = `#${event.lastEventId}: ${event.data}`;
  list.prepend(item);
});
</script>
<p>And <a href="/count">/count</a> streams a hundred lines, chunk by chunk.</p>
</body>
</html>
"""

/// One tick a second until the client goes away (the stream is then cancelled).
struct Ticks: AsyncSequence, Sendable {
    struct AsyncIterator: AsyncIteratorProtocol {
        var tick = 0

        mutating func next() async throws -> ServerSentEvent? {
            if tick > 0 { try await Task.sleep(for: .seconds(1)) }
            tick += 1
            return ServerSentEvent(data: "tick \(tick) — multi-line data\nworks too", event: "tick", id: "\(tick)")
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

let app = App(routes: [
    Get("/", mediaType: .html) { _ in page },
    Get("/events") { _ in ServerSentEvents(Ticks(), keepAlive: .seconds(15)) },
    Get("/count") { _ in StreamingResponse((1...100).map { "line \($0)\n" }) },
])

try await app.run()
