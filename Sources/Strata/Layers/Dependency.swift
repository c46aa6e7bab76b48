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
/// `@unchecked Sendable`: only the request's own task uses it — the handler's inputs and the
/// providers they reach resolve one after another in that task before the handler runs, and
/// the cleanups run once the response is sent, when nothing resolves any more. Nothing
/// outside Strata can reach it.
final class DependencyScope: @unchecked Sendable {
    private let plan: DependencyPlan
    private var values: [(any Sendable)?]
    private var cleanups: [(slot: Int, run: @Sendable () async throws -> Void)] = []

    init(plan: DependencyPlan) {
        self.plan = plan
        values = Array(repeating: nil, count: plan.providers.count)
    }

    /// The value in `slot`, if it was computed already.
    func cached(_ slot: Int) -> (any Sendable)? {
        values[slot]
    }

    /// The provider of `slot`.
    func provider(_ slot: Int) -> DependencyProvider.Bound {
        plan.providers[slot]
    }

    /// Keeps what the provider of `slot` returned.
    func store(_ provision: DependencyProvider.Provision, at slot: Int) {
        values[slot] = provision.value
        if let cleanup = provision.cleanup { cleanups.append((slot, cleanup)) }
    }

    /// Runs the cleanups, last-provided first; each failure is passed to `report` with the
    /// dependency's description.
    func runCleanups(report: (String, any Error) -> Void) async {
        let pending = cleanups
        cleanups = []
        for cleanup in pending.reversed() {
            do {
                try await cleanup.run()
            } catch {
                let key = plan.slots.first { $0.value == cleanup.slot }?.key
                report(key?.description ?? "slot \(cleanup.slot)", error)
            }
        }
    }

    var hasCleanups: Bool { !cleanups.isEmpty }
}
