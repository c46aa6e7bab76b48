import FoundationEssentials
import StrataCodecs

/// One client's session: named JSON values, kept between requests by the route's
/// ``Sessions`` policy. Get it with `try await request.session`; every copy of the request
/// shares it, so what a guard writes the handler reads.
///
/// Changes are written once, when the response is finalized — after the handler and before
/// the after-request hooks; a change made later is not kept.
public final class Session: Sendable {
    private struct State {
        var values: [String: JSONValue]
        var changed = false
        var invalidated = false
        var renewsID = false
    }

    /// The id a store keeps the values under; `nil` for a signed cookie or a new session.
    let id: String?
    private let state: PthreadLock<State>

    init(values: [String: JSONValue], id: String?) {
        self.id = id
        self.state = PthreadLock(State(values: values))
    }

    /// The value stored under `key`; `nil` when there is none or it no longer decodes as
    /// `Key.Value` (a session written by an older version of the app).
    public subscript<Key: SessionKey>(key: Key.Type) -> Key.Value? {
        guard let value = self[Key.name], let bytes = try? value.jsonBytes() else { return nil }
        return try? StrataJSON.makeDecoder().decode(Key.Value.self, from: Data(bytes))
    }

    /// Stores `value` under `key`; `nil` removes it. Throws when the value does not encode.
    public func set<Key: SessionKey>(_ key: Key.Type, _ value: Key.Value?) throws {
        guard let value else {
            self[Key.name] = nil
            return
        }
        let bytes = try JSONValueEncoder(outputFormatting: .sortedKeys).encode(value)
        self[Key.name] = try StrataJSON.makeDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The value stored under `name`, as JSON; setting a different one marks the session changed.
    public subscript(name: String) -> JSONValue? {
        get { state.withLock { $0.values[name] } }
        set {
            state.withLock { state in
                guard state.values[name] != newValue else { return }
                state.values[name] = newValue
                state.changed = true
            }
        }
    }

    /// Whether the session holds no values.
    public var isEmpty: Bool {
        state.withLock { $0.values.isEmpty }
    }

    /// Ends the session: its values are dropped, the client's cookie expired and a store's
    /// entry deleted. Values set afterwards start a new session.
    public func invalidate() {
        state.withLock { state in
            state.values = [:]
            state.invalidated = true
            state.changed = false
        }
    }

    /// Moves a store's session to a new id, deleting the old one — call it when a user signs
    /// in, so an id an attacker planted before does not become a signed-in one (session
    /// fixation). A signed cookie has no id to fix; for it this only rewrites the cookie.
    public func renewID() {
        state.withLock { $0.renewsID = true }
    }

    /// What the response must do for this session, read once when it is finalized.
    enum Change {
        /// Write `values` — under a new id when `renew` is set, deleting the old one.
        case write([String: JSONValue], renew: Bool)
        /// Expire the cookie and delete the stored values.
        case end
    }

    /// The change to commit, or `nil` when the session is as it came.
    var change: Change? {
        state.withLock { state in
            if state.invalidated && !state.changed { return .end }
            guard state.changed || state.renewsID else { return nil }
            if state.values.isEmpty { return .end }
            return .write(state.values, renew: state.renewsID || state.invalidated)
        }
    }
}
