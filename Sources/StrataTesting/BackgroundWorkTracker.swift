import Strata

/// Wraps the app for the live transport and counts the background work of its responses, so
/// the client can wait for it as it does in process.
final class BackgroundWorkTracker: HTTPResponder {
    let app: ResolvedApp
    private let state = PthreadLock<(running: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    init(app: ResolvedApp) {
        self.app = app
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        var response = await app.respond(to: request)
        if let work = response.afterSent {
            // Counted before the response leaves, so a client that has it sees the work as pending.
            state.withLock { $0.running += 1 }
            response.afterSent = { [self] in
                await work()
                let waiters = state.withLock { state in
                    state.running -= 1
                    guard state.running == 0 else { return [CheckedContinuation<Void, Never>]() }
                    defer { state.waiters = [] }
                    return state.waiters
                }
                for waiter in waiters { waiter.resume() }
            }
        }
        return response
    }

    func serverStateDidChange(_ state: ServerState) {
        app.serverStateDidChange(state)
    }

    /// Returns once no background work is running.
    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state in
                if state.running == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
