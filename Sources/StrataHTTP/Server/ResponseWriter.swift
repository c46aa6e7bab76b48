import CStrataSystem
import Glibc

/// Writes one response to its socket: the head and content in memory, then a file with
/// `sendfile`, or a stream's chunks as its task produces them.
///
/// It owns the output state of the ``ConnectionState/responding(_:)`` phase. A class so the
/// state refers to it while its buffer is written and refilled, without copies; a connection
/// keeps its writer between responses, so the buffer's capacity is reused too.
final class ResponseWriter {
    enum FlushOutcome {
        /// Everything queued is written.
        case drained
        /// The socket is full; wait for it to be writable.
        case blocked
        /// The peer is gone, or the file could not be sent as announced.
        case failed
    }

    /// A file region being sent.
    struct OpenFile {
        let fd: Int32
        var offset: Int
        var remaining: Int
    }

    /// Bytes not yet written, from `outputStart` on.
    var output: [UInt8] = []
    private var outputStart = 0
    var file: OpenFile?
    /// The task reading the response's stream; cancelled if the client goes away.
    var streamTask: Task<Void, Never>?
    /// Whether the stream's chunks get the chunked coding (HTTP/1.1) or end with the connection.
    var chunked = true
    /// Whether all of the response is queued: false while a stream still produces.
    var isComplete = false
    /// Whether the connection carries another request afterwards, as the head told the client.
    var keepAlive = false
    /// Content of the request the responder did not read, to drop before the next head.
    var discardAfter = 0
    /// The response's after-send work (background tasks).
    var afterSent: (work: @Sendable () async -> Void, label: String)?
    /// Told what was sent once the response is written or given up.
    var onDelivery: (@Sendable (HTTPResponse.Delivery) -> Void)?
    /// The status on the wire and the content bytes queued so far, for ``onDelivery``.
    var status = HTTPStatus.ok
    var contentBytes = 0
    /// Whether the writer waits for the socket to be writable.
    private(set) var isBlocked = false
    /// While blocked: when the client must have taken some of the output. Moved on by every
    /// write that makes progress, so a slow but reading client is never cut off.
    private(set) var writeDeadline: UInt64?
    /// The send queue's length when the write deadline last passed.
    private var unsentAtDeadline = Int.max
    /// The stream task, waiting for the output to drain before producing the next chunk.
    var drainWaiter: CheckedContinuation<Bool, Never>?

    /// Bytes queued and not yet written.
    var pendingOutputBytes: Int { output.count - outputStart }

    /// Whether output or file content is still unwritten.
    var hasPendingOutput: Bool {
        outputStart < output.count || (file?.remaining ?? 0) > 0
    }

    /// Makes the writer ready for the next response, keeping the buffer's capacity unless a
    /// response of megabytes grew it.
    func reset() {
        output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
        outputStart = 0
        file = nil
        streamTask = nil
        chunked = true
        isComplete = false
        keepAlive = false
        discardAfter = 0
        afterSent = nil
        onDelivery = nil
        contentBytes = 0
        isBlocked = false
        writeDeadline = nil
        unsentAtDeadline = Int.max
        drainWaiter = nil
    }

    /// Writes what it can to `socket` without blocking.
    func flush(to socket: Int32, now: UInt64, progressTimeout: UInt64) -> FlushOutcome {
        while outputStart < output.count {
            let written = output.withUnsafeBytes { raw in
                send(socket, raw.baseAddress! + outputStart, raw.count - outputStart, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputStart += written
                if writeDeadline != nil { writeDeadline = now + progressTimeout }
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == EAGAIN {
                block(now: now, progressTimeout: progressTimeout)
                return .blocked
            } else {
                return .failed
            }
        }
        output.removeAll(keepingCapacity: true)
        outputStart = 0
        while let region = file, region.remaining > 0 {
            var offset = off_t(region.offset)
            let sent = sendfile(socket, region.fd, &offset, min(region.remaining, 1 << 30))
            if sent > 0 {
                file = OpenFile(fd: region.fd, offset: region.offset + sent, remaining: region.remaining - sent)
                if writeDeadline != nil { writeDeadline = now + progressTimeout }
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && errno == EAGAIN {
                block(now: now, progressTimeout: progressTimeout)
                return .blocked
            } else {
                // An error, or the file shrank under us: the promised length cannot be kept.
                return .failed
            }
        }
        closeFile()
        isBlocked = false
        writeDeadline = nil
        return .drained
    }

    /// The socket is full: wait for room, and give the client `progressTimeout` to make some.
    private func block(now: UInt64, progressTimeout: UInt64) {
        guard !isBlocked else { return }
        isBlocked = true
        unsentAtDeadline = Int.max
        writeDeadline = now + progressTimeout
    }

    /// Whether a client that was given until the write deadline has stopped reading. The
    /// kernel reports the socket writable only once much of its buffer has drained, so bytes
    /// leaving the send queue count as progress too.
    func hasStalled(socket: Int32, now: UInt64, progressTimeout: UInt64) -> Bool {
        guard let deadline = writeDeadline, now >= deadline else { return false }
        let queued = Self.unsentBytes(socket)
        if queued < unsentAtDeadline {
            unsentAtDeadline = queued
            writeDeadline = now + progressTimeout
            return false
        }
        return true
    }

    /// Lets go of everything the response held: the stream is cancelled, its waiting task
    /// told the connection is gone, the file closed. The after-send work is handed back to run.
    func abandon() -> (work: @Sendable () async -> Void, label: String)? {
        streamTask?.cancel()
        streamTask = nil
        drainWaiter?.resume(returning: false)
        drainWaiter = nil
        if let region = file { contentBytes -= region.remaining }
        closeFile()
        reportDelivery(isComplete: false)
        defer { afterSent = nil }
        return afterSent
    }

    /// Tells ``onDelivery``, once.
    func reportDelivery(isComplete: Bool) {
        guard let onDelivery else { return }
        self.onDelivery = nil
        onDelivery(HTTPResponse.Delivery(status: status, contentBytes: contentBytes, isComplete: isComplete))
    }

    private func closeFile() {
        if let region = file {
            _ = Glibc.close(region.fd)
            file = nil
        }
    }

    /// Bytes written to the socket that the peer has not acknowledged yet (`SIOCOUTQ`).
    static func unsentBytes(_ fd: Int32) -> Int {
        var queued: Int32 = 0
        return ioctl(fd, UInt(TIOCOUTQ), &queued) == 0 ? Int(queued) : Int.max
    }
}
