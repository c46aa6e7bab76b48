import Glibc
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
/// ```swift partial
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
    /// What a provider returns: the value and its cleanup, if any.
    typealias Provision = (value: any Sendable, cleanup: (@Sendable () async throws -> Void)?)

    /// A provider ready for one route: its own dependencies bound to that route's slots. A
    /// synchronous one is called without suspending the request.
    enum Bound: Sendable {
        case sync(@Sendable (Request) throws -> Provision)
        case async(@Sendable (Request) async throws -> Provision)
    }

    let key: DependencyKey
    /// The inputs the provider uses, for the build-time checks.
    let requires: [InputDeclaration]
    /// Binds the provider to a route whose dependencies have the slots given.
    let bind: @Sendable (_ slots: [DependencyKey: Int]) -> Bound
}

/// A route's dependencies, numbered at build: the providers its handler can reach, each with
/// a slot in the per-request ``DependencyScope``, so a request finds a value by index.
struct DependencyPlan: Sendable {
    let slots: [DependencyKey: Int]
    let providers: [DependencyProvider.Bound]

    /// The plan for a handler using `keys`, with `available` the route's merged providers.
    /// The build has checked that every key reachable from `keys` is provided, without cycles.
    init(using keys: [DependencyKey], available: [DependencyKey: DependencyProvider]) {
        var order: [DependencyKey] = []
        var slots: [DependencyKey: Int] = [:]
        func visit(_ key: DependencyKey) {
            guard slots[key] == nil, let provider = available[key] else { return }
            slots[key] = order.count
            order.append(key)
            for required in provider.requires {
                if let next = required.dependencyKey { visit(next) }
            }
        }
        keys.forEach(visit)
        self.slots = slots
        providers = order.map { available[$0]!.bind(slots) }
    }
}

/// One request's dependencies: each computed at most once, when first used, and the cleanups
/// of those that have one, run in reverse order after the response is sent.
///
/// Its state is behind a lock: a middleware may call `next` more than once, even at the same
/// time (hedging), and a value may be provided after the response went out (a middleware that
/// stopped waiting for `next`) — its cleanup then runs at once.
///
/// The lock is a spin lock on an atomic flag, inline in the scope: ThreadSanitizer cannot see
/// `Synchronization.Mutex`'s futex calls (see `PthreadLock`) but sees atomics' acquire and
/// release, and a `PthreadLock` would cost every request with dependencies two more
/// allocations. Spinning is fine here: the critical sections are a few stores, and two tasks
/// of one request rarely meet in them.
///
/// `@unchecked Sendable`: `state` is read and written only between acquiring `locked`
/// (an acquiring compare-exchange from `false` to `true`) and releasing it (a releasing store
/// of `false`), in ``withState(_:)``; the other properties are immutable.
final class DependencyScope: @unchecked Sendable {
    private struct State {
        var values: [(any Sendable)?]
        var cleanups: [(slot: Int, run: @Sendable () async throws -> Void)] = []
        /// Set when the cleanups run: a value provided later is cleaned up at once.
        var closed = false
    }

    private let plan: DependencyPlan
    private let locked = Atomic<Bool>(false)
    private var state: State
    /// Where a cleanup's failure goes, and the route it is reported for.
    private let reportError: @Sendable (ErrorReport) -> Void
    private let route: String

    init(plan: DependencyPlan, reportError: @escaping @Sendable (ErrorReport) -> Void, route: String) {
        self.plan = plan
        self.reportError = reportError
        self.route = route
        state = State(values: Array(repeating: nil, count: plan.providers.count))
    }

    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        var spins = 0
        while !locked.compareExchange(expected: false, desired: true, successOrdering: .acquiring, failureOrdering: .relaxed).exchanged {
            spins += 1
            if spins > 100 { sched_yield() }
        }
        defer { locked.store(false, ordering: .releasing) }
        return body(&state)
    }

    /// Runs a cleanup that could not wait for the response (see ``store(_:at:)``).
    func runNow(_ cleanup: @Sendable () async throws -> Void, slot: Int) async {
        do {
            try await cleanup()
        } catch {
            reportError(ErrorReport(source: .dependencyCleanup(dependency: describe(slot)), error: error, route: route))
        }
    }

    /// The value in `slot`, if it was computed already.
    func cached(_ slot: Int) -> (any Sendable)? {
        withState { $0.values[slot] }
    }

    /// The provider of `slot`.
    func provider(_ slot: Int) -> DependencyProvider.Bound {
        plan.providers[slot]
    }

    /// Keeps what the provider of `slot` returned and returns the value the request uses: the
    /// first one kept, if two calls raced. A cleanup that cannot be kept — its value lost the
    /// race, or the scope is closed — is returned to be run at once.
    func store(_ provision: DependencyProvider.Provision, at slot: Int) -> (value: any Sendable, runNow: (@Sendable () async throws -> Void)?) {
        withState { state in
            if let existing = state.values[slot] { return (existing, provision.cleanup) }
            state.values[slot] = provision.value
            guard let cleanup = provision.cleanup else { return (provision.value, nil) }
            if state.closed { return (provision.value, cleanup) }
            state.cleanups.append((slot, cleanup))
            return (provision.value, nil)
        }
    }

    /// Closes the scope and runs the cleanups, last-provided first; each failure is reported.
    func runCleanups() async {
        let pending = withState { state in
            state.closed = true
            defer { state.cleanups = [] }
            return state.cleanups
        }
        for cleanup in pending.reversed() {
            await runNow(cleanup.run, slot: cleanup.slot)
        }
    }

    /// The dependency in `slot`, for reports.
    func describe(_ slot: Int) -> String {
        plan.slots.first { $0.value == slot }?.key.description ?? "slot \(slot)"
    }

    /// Whether there is a cleanup to run; when the response is finished with none, the scope
    /// is closed so a later value's cleanup runs at once.
    func closeIfClean() -> Bool {
        withState { state in
            if state.cleanups.isEmpty { state.closed = true }
            return !state.cleanups.isEmpty
        }
    }
}
