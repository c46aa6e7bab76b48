import Glibc

/// Writes bytes to a file descriptor with `write(2)`, whole, unbuffered: what is written is
/// out when the call returns, with no `stdout` buffer to flush at exit.
enum DescriptorOutput {
    /// Writes all of `bytes`; gives up silently if the descriptor fails (there is nowhere left
    /// to report it).
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
