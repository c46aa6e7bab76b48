import Synchronization

/// What identifies a dependency: its type, and a name where a route needs two of one type.
struct DependencyKey: Hashable, Sendable, CustomStringConvertible {
    let type: ObjectIdentifier
    let name: String?
    let typeName: String

    init<Value>(_ type: Value.Type, name: String?) {
        self.type = ObjectIdentifier(type)
        self.name = name
        self.typeName = String(describing: type)
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.type == rhs.type && lhs.name == rhs.name }
    func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(name)
    }

    var description: String {
        name.map { "\(typeName) named \"\($0)\"" } ?? typeName
    }
}

/// A value a dependency provider returns with the work that releases it, run after the
/// response is sent — also when the handler threw. Litestar's generator dependencies,
/// FastAPI's `yield`.
///
/// ```swift
/// .dependency(Connection.self) { _ in
///     let connection = try await pool.checkOut()
///     return Provided(connection) { await pool.checkIn(connection) }
/// }
/// ```
public struct Provided<Value: Sendable>: Sendable {
    /// The dependency's value.
    public var value: Value
    /// Releases it; an error it throws is reported.
    public var cleanup: @Sendable () async throws -> Void

    /// A value and its cleanup.
    public init(_ value: Value, cleanup: @escaping @Sendable () async throws -> Void) {
        self.value = value
        self.cleanup = cleanup
    }
}

/// How one layer provides a dependency: see the `dependency` modifiers of
/// ``LayerConfigurable``. For one route, the innermost layer that provides a key wins.
public struct DependencyProvider: Sendable {
    let key: DependencyKey
    /// The inputs the provider uses, for the build-time checks.
    let requires: [InputDeclaration]
    let provide: @Sendable (Request) async throws -> (value: any Sendable, cleanup: (@Sendable () async throws -> Void)?)
}

/// One request's dependencies: each computed at most once, when first used, and the cleanups
/// of those that have one, run in reverse order after the response is sent.
final class DependencyScope: Sendable {
    private struct State {
        var values: [DependencyKey: any Sendable] = [:]
        var cleanups: [(key: DependencyKey, run: @Sendable () async throws -> Void)] = []
    }

    private let providers: [DependencyKey: DependencyProvider]
    private let state = Mutex(State())

    init(providers: [DependencyKey: DependencyProvider]) {
        self.providers = providers
    }

    /// The value for `key`, computed with `request` the first time it is asked for.
    func value(for key: DependencyKey, request: Request) async throws -> any Sendable {
        if let value = state.withLock({ $0.values[key] }) { return value }
        guard let provider = providers[key] else {
            // The build checks every route's dependencies; this is reached only by a provider
            // changed after the build, which cannot happen to a frozen app.
            throw MisuseError("no layer provides the dependency \(key)")
        }
        let (value, cleanup) = try await provider.provide(request)
        return state.withLock { state in
            // A provider that asked for this key itself would have been a build error; keep
            // the first value if one slipped in meanwhile, so the handler sees one value.
            if let existing = state.values[key] { return existing }
            state.values[key] = value
            if let cleanup { state.cleanups.append((key, cleanup)) }
            return value
        }
    }

    /// Runs the cleanups, last-provided first; each failure is passed to `report`.
    func runCleanups(report: (DependencyKey, any Error) -> Void) async {
        let cleanups = state.withLock { state in
            defer { state.cleanups = [] }
            return state.cleanups
        }
        for cleanup in cleanups.reversed() {
            do {
                try await cleanup.run()
            } catch {
                report(cleanup.key, error)
            }
        }
    }

    var hasCleanups: Bool { state.withLock { !$0.cleanups.isEmpty } }
}
