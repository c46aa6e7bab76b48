/// An input's value, produced as `any Sendable` by the route's resolution, as the type its
/// input declared.
///
/// The value's dynamic type is that type — an input only ever produces the type it declares —
/// so the common case is one comparison of type metadata and a copy, where `as! T` would go
/// through the runtime's general cast (about 30 ns a value, on every dependency of every
/// request). Any other type still goes through the cast, which traps as `as!` does.
@inline(__always)
func inputValue<T>(_ value: any Sendable, as _: T.Type) -> T {
    func project<Actual>(_ actual: Actual) -> T {
        if Actual.self == T.self {
            // Same type, so the same layout: a copy, not a conversion.
            return unsafeBitCast(actual, to: T.self)
        }
        return actual as! T
    }
    return _openExistential(value, do: project)
}
