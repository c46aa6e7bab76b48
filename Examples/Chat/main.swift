import Strata

// swift run Chat [--host 127.0.0.1] [--port 8000]
// Then open http://127.0.0.1:8000/ in two browser windows, or from a shell:
//   python3 -m websockets 'ws://127.0.0.1:8000/rooms/lobby?name=ada'
try await Chat().app.run()
