import StrataHTTP

extension ResolvedApp {
    /// Hands a WebSocket route's handler to the transport with its 101: an error it throws
    /// is reported and closes the connection with 1011 — except a send's ``WebSocketError``,
    /// which only says the client closed first; the request's dependency cleanups run
    /// when it returns. A handshake that became something else (a 304, an error) upgrades nothing.
    func attachWebSocket(to http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        guard http.status == .switchingProtocols, let pending = request.context[WebSocketSlot.Key.self]?.take() else { return }
        let scope = request.dependencies
        let reportError = reportError
        let label = entry.label
        http.webSocket = WebSocketUpgrade(options: pending.options, deflate: pending.deflate, subprotocol: pending.subprotocol, onAbandon: {
            // The 101 never went out: the handler will not run to clean up after itself.
            if let scope { Task { await scope.runCleanups() } }
        }) { socket in
            do {
                try await pending.handler(socket)
            } catch is WebSocketError {
                // A send raced the client's close (or a lost connection): nothing went wrong
                // on the server's side, and the connection is closed already.
            } catch {
                reportError(ErrorReport(source: .webSocketHandler, error: error, route: label))
                await socket.close(.internalError)
            }
            await scope?.runCleanups()
        }
    }
}
