/// The position of the input a handler's (or a provider's) call takes next, while the call's
/// arguments are evaluated one by one.
///
/// A class, which the compiler keeps in the call's frame (no allocation), because a local
/// `var` counter captured by the function that reads each argument costs every input a
/// dynamic exclusivity check. `@exclusivity(unchecked)` is sound: one position serves one
/// argument list, evaluated in order on one task, and is never reached from anywhere else.
final class InputPosition {
    @exclusivity(unchecked) private var index = 0

    init() {}

    /// The current position; the next call returns the one after it.
    @inline(__always)
    func advance() -> Int {
        defer { index += 1 }
        return index
    }
}
