import Glibc

/// A POSIX thread that runs one closure: an event loop's, or a blocking pool's.
struct LoopThread {
    private let handle: pthread_t

    /// Starts a thread running `body`.
    init(_ body: @escaping @Sendable () -> Void) throws(SystemError) {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(&handle, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            throw SystemError("pthread_create", code: result)
        }
        self.handle = handle
    }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(handle, nil)
    }

    /// Lets the thread's resources go when it ends, without a `join`.
    func detach() {
        pthread_detach(handle)
    }
}
