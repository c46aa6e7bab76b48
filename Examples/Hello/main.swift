import Strata

// swift run -c release Hello [--host 127.0.0.1] [--port 8000] [--loops N]
try await makeHelloApp().run()
