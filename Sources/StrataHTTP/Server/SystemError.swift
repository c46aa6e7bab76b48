import Glibc

/// A failed system call, with the `errno` it left.
package struct SystemError: Error, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `bind`.
    package let call: String
    /// The `errno` value.
    package let code: Int32

    init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    package var description: String {
        "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
