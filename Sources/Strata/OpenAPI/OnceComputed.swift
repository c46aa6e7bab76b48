import StrataHTTP

/// A value computed on first use and kept: for work a route may never need, such as the YAML
/// form of the API document.
final class OnceComputed<Value: Sendable>: Sendable {
    private let make: @Sendable () -> Value
    private let state = PthreadLock<Value?>(nil)

    init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
    }

    /// The value; the first caller computes it, under the lock, so it is computed once.
    var value: Value {
        state.withLock { stored in
            if let stored { return stored }
            let value = make()
            stored = value
            return value
        }
    }
}
