import StrataHTTP
import Synchronization

/// Liveness and readiness routes for load balancers and orchestrators: `GET {path}/live`
/// answers 200 while the process serves; `GET {path}/ready` answers 200 while the server is
/// ready and every check passes, and 503 while it starts, from the moment a shutdown begins
/// (so a balancer stops sending before the port closes — see
/// ``ServerConfiguration/drainDelay``), and while a check fails.
///
/// ```swift
/// let app = App(routes: [
///     Health(checks: [("database", { try await Task.sleep(for: .milliseconds(1)) })]),
///     Get("/") { _ in "Hello" },
/// ])
/// ```
///
/// Both answers are JSON (`{"status":"ready","checks":{"database":"ok"}}`) with
/// `Cache-Control: no-store`. `Health` is a layer: guards, headers and documentation apply as
/// on a router.
public struct Health: RouteComponent, Layer {
    /// A readiness check: it throws when what it checks is not usable.
    public typealias Check = @Sendable () async throws -> Void

    /// The prefix of the two routes.
    public var path: String
    /// The checks `/ready` runs, in order, by name.
    public var checks: [(name: String, check: Check)]
    /// This layer's policies.
    public var policy: LayerPolicy
    private let readiness = Readiness()

    /// Health routes at `path`, with readiness `checks`.
    public init(path: String = "/health", checks: [(name: String, check: Check)] = [], policy: LayerPolicy = LayerPolicy()) {
        self.path = path
        self.checks = checks
        self.policy = policy
    }

    /// Where the server serving these routes is in its life, as it last said.
    public var serverState: ServerState {
        readiness.state
    }

    /// The two routes under `path`, as a router with this layer's policies (and `no-store`)
    /// that the server's state reaches.
    public var routeNode: RouteNode {
        let readiness = self.readiness
        let checks = self.checks
        let routes: [any RouteComponent] = [
            Get("/live") { _ in HealthReport(status: "ok", checks: nil) }
                .documented(tags: ["health"], summary: "Liveness", description: "200 while the process serves."),
            Get("/ready") { _ -> (HealthReport, HTTPStatus) in
                await Self.readinessReport(state: readiness.state, checks: checks)
            }
            .documented(tags: ["health"], summary: "Readiness",
                        description: "200 while the server is ready and every check passes; 503 while it starts, drains, or a check fails.")
            .documentedResponse(DocumentedResponse(.serviceUnavailable, "Not ready: starting, draining, or a check failed.",
                                                   mediaType: .json, type: HealthReport.self)),
        ]
        var group = RouteGroup(role: .router, path: path, policy: policy.cacheControl(.noStore), routes: routes)
        group.stateObserver = readiness
        return RouteNode(.group(group))
    }

    static func readinessReport(state: ServerState, checks: [(name: String, check: Check)]) async -> (HealthReport, HTTPStatus) {
        guard state == .ready else {
            return (HealthReport(status: "\(state)", checks: nil), .serviceUnavailable)
        }
        var results: [String: String] = [:]
        var failed = false
        for (name, check) in checks {
            do {
                try await check()
                results[name] = "ok"
            } catch {
                // The name only: the error may say more about the system than a client should see.
                results[name] = "failed"
                failed = true
            }
        }
        return (HealthReport(status: failed ? "unready" : "ready", checks: checks.isEmpty ? nil : results),
                failed ? .serviceUnavailable : .ok)
    }
}

/// What the health routes answer.
struct HealthReport: Codable, Sendable, Equatable {
    /// `ok` (liveness); `ready`, `unready`, `starting`, `draining` or `stopped` (readiness).
    let status: String
    /// Each check's result, `ok` or `failed`.
    let checks: [String: String]?
}

/// The server state the health routes read, as the app's transport reports it.
final class Readiness: ServerStateObserving {
    private let value = Atomic<UInt8>(ServerState.starting.rawValue)

    var state: ServerState {
        ServerState(rawValue: value.load(ordering: .acquiring)) ?? .starting
    }

    func serverStateDidChange(_ state: ServerState) {
        value.store(state.rawValue, ordering: .releasing)
    }
}

/// A part of the route tree that wants to know the server's state (``Health``).
protocol ServerStateObserving: AnyObject, Sendable {
    func serverStateDidChange(_ state: ServerState)
}
