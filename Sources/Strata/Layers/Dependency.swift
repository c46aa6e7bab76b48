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
    /// synchronous one is called without suspending the request, and has no cleanup.
    enum Bound: Sendable {
        case sync(@Sendable (Request) throws -> any Sendable)
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
/// (an acquiring compare-exchange from `false` to `true`, in `lock()`) and releasing it (a
/// releasing store of `false`, in `unlock()`); the other properties are immutable.
final class DependencyScope: @unchecked Sendable {
    /// The values by slot: the first four inline in the scope, so that most routes' scopes
    /// are one allocation, the rest in an array.
    struct Values {
        private var first = InlineArray<4, (any Sendable)?>(repeating: nil)
        private var rest: [(any Sendable)?]

        init(count: Int) {
            rest = count > 4 ? Array(repeating: nil, count: count - 4) : []
        }

        subscript(slot: Int) -> (any Sendable)? {
            get { slot < 4 ? first[slot] : rest[slot - 4] }
            set {
                if slot < 4 { first[slot] = newValue } else { rest[slot - 4] = newValue }
            }
        }
    }

    private struct State {
        var values: Values
        var cleanups: [(slot: Int, run: @Sendable () async throws -> Void)] = []
        /// Set when the cleanups run: a value provided later is cleaned up at once.
        var closed = false
    }

    private let plan: DependencyPlan
    private let locked = Atomic<Bool>(false)
    /// A bit for each of the first 64 slots that holds a value, set under the lock as the
    /// value is stored: a slot whose bit is clear is a miss without taking the lock — the
    /// first read of every dependency. A bit read as another task of the request stores the
    /// value costs what that race always cost: the value provided twice, the first kept.
    private let provided = Atomic<UInt64>(0)
    /// Unchecked: every access is between ``lock()`` and ``unlock()``, which exclude each other;
    /// the dynamic check would cost each access a call.
    @exclusivity(unchecked) private var state: State
    /// Where a cleanup's failure goes, and the route it is reported for.
    private let reportError: @Sendable (ErrorReport) -> Void
    private let route: String

    init(plan: DependencyPlan, reportError: @escaping @Sendable (ErrorReport) -> Void, route: String) {
        self.plan = plan
        self.reportError = reportError
        self.route = route
        state = State(values: Values(count: plan.providers.count))
    }

    @inline(__always)
    private func lock() {
        var spins = 0
        while !locked.compareExchange(expected: false, desired: true, successOrdering: .acquiring, failureOrdering: .relaxed).exchanged {
            spins += 1
            if spins > 100 { sched_yield() }
        }
    }

    @inline(__always)
    private func unlock() {
        locked.store(false, ordering: .releasing)
    }

    /// Runs a cleanup that could not wait for the response (see ``store(_:at:)``).
    private func runNow(_ cleanup: @Sendable () async throws -> Void, slot: Int) async {
        do {
            try await cleanup()
        } catch {
            reportError(ErrorReport(source: .dependencyCleanup(dependency: describe(slot)), error: error, route: route))
        }
    }

    /// The value in `slot`, if it was computed already.
    private func cached(_ slot: Int) -> (any Sendable)? {
        if slot < 64 && !holds(slot) { return nil }
        lock()
        defer { unlock() }
        return state.values[slot]
    }

    /// Whether `slot`, one of the first 64, holds a value: told by its bit, without copying
    /// the value out.
    @inline(__always)
    private func holds(_ slot: Int) -> Bool {
        provided.load(ordering: .acquiring) & (1 << UInt64(slot)) != 0
    }

    /// The value in `slot`, under the lock: an empty slot of the first 64 told by its bit,
    /// without copying its `nil` out.
    @inline(__always)
    private func stored(_ slot: Int) -> (any Sendable)? {
        slot < 64 && !holds(slot) ? nil : state.values[slot]
    }

    /// Stores `value` in `slot`, under the lock.
    private func keep(_ value: any Sendable, in slot: Int) {
        state.values[slot] = value
        if slot < 64 { provided.bitwiseOr(1 << UInt64(slot), ordering: .releasing) }
    }

    /// The dependency in `slot`: cached, or provided now — awaiting its provider if it awaits.
    func value(_ slot: Int, for request: Request) async throws -> any Sendable {
        guard case .async(let provide) = plan.providers[slot] else { return try synchronousValue(slot, for: request) }
        if let value = cached(slot) { return value }
        let (value, cleanup) = store(try await provide(request), at: slot)
        if let cleanup {
            // Provided after the response went out, or lost a race: released now.
            await runNow(cleanup, slot: slot)
        }
        return value
    }

    /// The dependency in `slot`, whose provider is synchronous: cached, or provided now. A
    /// synchronous provider has no cleanup, so there is none to keep or run.
    func synchronousValue(_ slot: Int, for request: Request) throws -> any Sendable {
        if let value = cached(slot) { return value }
        guard case .sync(let provide) = plan.providers[slot] else {
            throw MisuseError("the provider of \(describe(slot)) awaits")
        }
        let value = try provide(request)
        // Not through `store`: its tuple of a value and a cleanup costs this path, taken for
        // every dependency of most routes, about 0.3 µs a request on four (StrataBenchmarks
        // client, /dependencies). The first value kept wins, if a second `next` raced this one.
        lock()
        defer { unlock() }
        if let existing = stored(slot) { return existing }
        keep(value, in: slot)
        return value
    }

    /// Keeps what the provider of `slot` returned and returns the value the request uses: the
    /// first one kept, if two calls raced. A cleanup that cannot be kept — its value lost the
    /// race, or the scope is closed — is returned to be run at once.
    private func store(_ provision: DependencyProvider.Provision, at slot: Int) -> (value: any Sendable, runNow: (@Sendable () async throws -> Void)?) {
        lock()
        defer { unlock() }
        if let existing = stored(slot) { return (existing, provision.cleanup) }
        keep(provision.value, in: slot)
        guard let cleanup = provision.cleanup else { return (provision.value, nil) }
        if state.closed { return (provision.value, cleanup) }
        state.cleanups.append((slot, cleanup))
        return (provision.value, nil)
    }

    /// Closes the scope and runs the cleanups, last-provided first; each failure is reported.
    func runCleanups() async {
        lock()
        state.closed = true
        let pending = state.cleanups
        state.cleanups = []
        unlock()
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
        lock()
        defer { unlock() }
        if state.cleanups.isEmpty { state.closed = true }
        return !state.cleanups.isEmpty
    }
}
