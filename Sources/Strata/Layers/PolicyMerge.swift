/// The three merge rules, each written once. Every list passed in is ordered innermost
/// layer first: the returned `Response`'s own values (where they take part), the handler,
/// the controller, the routers, the app.
enum PolicyMerge {
    /// Scalars: the innermost layer that sets a value wins, whole.
    static func innermost<Value>(_ layers: [Value?]) -> Value? {
        for value in layers {
            if let value { return value }
        }
        return nil
    }

    /// Keyed collections: the union by key, where the innermost layer that has a key wins
    /// it with all of its entries for that key (a layer may send a header name twice).
    ///
    /// The result lists the survivors layer by layer from the outermost inward, each layer's
    /// in its declared order, so the bytes are the same on every build.
    static func keyed<Element, Key: Hashable>(_ layers: [[Element]], key: (Element) -> Key) -> [Element] {
        var claimed = Set<Key>()
        var survivorsPerLayer: [[Element]] = []
        survivorsPerLayer.reserveCapacity(layers.count)
        for layer in layers {
            let survivors = layer.filter { !claimed.contains(key($0)) }
            claimed.formUnion(layer.map(key))
            survivorsPerLayer.append(survivors)
        }
        return survivorsPerLayer.reversed().flatMap { $0 }
    }

    /// Chains: everything, concatenated innermost first — the order hooks and background
    /// tasks run in.
    static func chain<Element>(_ layers: [[Element]]) -> [Element] {
        layers.flatMap { $0 }
    }

    /// Request-side chains: everything, outermost layer first — the order guards and
    /// before-request hooks run in, and middleware from the outside in. With ``chain(_:)``
    /// this makes the onion: the request passes the layers inward, the response outward.
    static func outermostFirst<Element>(_ layers: [[Element]]) -> [Element] {
        layers.reversed().flatMap { $0 }
    }
}

extension PolicyMerge {
    /// Keyed collections held as dictionaries (type encoders, exception handlers): the
    /// union, where the innermost layer that has a key wins it.
    static func keyed<Key: Hashable, Value>(_ layers: [[Key: Value]]) -> [Key: Value] {
        var merged: [Key: Value] = [:]
        for layer in layers {
            merged.merge(layer) { innermost, _ in innermost }
        }
        return merged
    }
}
