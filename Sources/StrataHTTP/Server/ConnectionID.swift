/// Names one connection of a ``ServerLoop``: its descriptor, and a generation that tells it
/// from an earlier connection that had the same descriptor number.
///
/// Tasks hold this instead of the connection itself, which belongs to its loop: a response, a
/// stream chunk or a body request that arrives after the connection closed finds nothing,
/// even if the kernel has handed the descriptor to a new client meanwhile.
struct ConnectionID: Sendable, Hashable {
    let fd: Int32
    let generation: UInt32

    /// The 64 bits stored in the connection's epoll registration.
    var epollToken: UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
    }

    init(fd: Int32, generation: UInt32) {
        self.fd = fd
        self.generation = generation
    }

    init(epollToken token: UInt64) {
        fd = Int32(bitPattern: UInt32(truncatingIfNeeded: token))
        generation = UInt32(truncatingIfNeeded: token >> 32)
    }
}
