import CStrataSystem
import Glibc

/// One client connection: reads request heads, hands each request to the responder, reads
/// its content when the responder asks for it, writes the response, and keeps the connection
/// for the next request or closes it.
///
/// Its state is one ``ConnectionState``. It belongs to its ``ServerLoop``: every method takes
/// the loop as its `isolated` owner, so the compiler sees that a connection is only ever used
/// on its loop's thread. Requests are answered one at a time, in order, so pipelined requests
/// get their responses in order (RFC 9112 §9.3.2); while one is in flight the connection reads
/// at most ``readAheadLimit`` more (none at all while the request's content is unread), which
/// is the backpressure against a client that pipelines without end.
final class HTTPConnection {
    let id: ConnectionID
    var fd: Int32 { id.fd }
    /// The client's address and port, or the nearest proxy's.
    let peer: PeerAddress?
    let loop: EventLoop
    unowned let server: HTTPServer
    let configuration: ServerConfiguration

    var state: ConnectionState
    var parser: HTTPHeadParser
    var input: [UInt8] = []
    var inputStart = 0
    /// The client's side of the stream has ended: a read returned 0.
    var inputClosed = false
    /// The client shut its sending side while a stream answered a request with content
    /// (`EPOLLRDHUP`): writing goes on, and the rest of its input is read once a head is wanted
    /// again.
    var peerShutWrite = false
    /// Whether the request being answered has content. A request without any is complete once
    /// its head is read, so the end of the client's input during its answer means the client
    /// left; with content, it may only mark the end of an upload (HTTP's half-close).
    var requestHasContent = false
    /// The task running the responder for the request being handled, cancelled if the client
    /// leaves before its answer.
    var handlerTask: Task<Void, Never>?
    /// The server drains: the next response closes the connection.
    var draining = false
    /// The number of the last request read, for ``Exchange/sequence``.
    var sequence: UInt32 = 0
    /// The epoll events currently registered.
    private var registeredInterest: UInt32
    /// The writer of the previous response, kept for its buffer.
    var spareWriter: ResponseWriter?

    init(id: ConnectionID, peer: PeerAddress?, loop: EventLoop, server: HTTPServer) {
        self.id = id
        self.peer = peer
        self.loop = loop
        self.server = server
        configuration = server.configuration
        parser = HTTPHeadParser(configuration: configuration)
        // A new connection has the header timeout to send its first request (slowloris).
        state = .readingHead(HeadWait(isHeaderDeadline: true, deadline: EventLoop.monotonicNanoseconds() + configuration.headerReadTimeout.nanoseconds))
        registeredInterest = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    }

    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// The epoll events the connection wants in its current state.
    var interest: UInt32 {
        let reading = inputClosed ? 0 : EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        switch state {
        case .readingHead, .discarding, .lingering:
            return reading
        case .handling(let exchange):
            let interim = exchange.interim.isEmpty ? 0 : EPOLLOUT.rawValue
            switch exchange.body {
            case .reading(let reader):
                // A stream reads only while its consumer waits: the backpressure that keeps an
                // upload in the socket while the handler writes the last chunk away.
                return (!reader.streams || reader.waiter != nil ? reading : 0) | interim
            case .none: return readAhead | interim
            case .unread, .read, .refused, .streamed: return interim
            }
        case .responding(let writer):
            var events: UInt32 = writer.isBlocked ? EPOLLOUT.rawValue : 0
            if !requestHasContent {
                events |= readAhead
            } else if writer.streamTask != nil && !inputClosed && !peerShutWrite {
                // A client that resets or closes during a stream cancels it.
                events |= EPOLLRDHUP.rawValue
            }
            return events
        case .upgraded(let link):
            return (link.wantsInput && !inputClosed ? EPOLLIN.rawValue | EPOLLRDHUP.rawValue : 0) | (link.writer.isBlocked ? EPOLLOUT.rawValue : 0)
        case .closed:
            return 0
        }
    }

    /// While a request without content is answered, the connection keeps reading: its
    /// client's close is seen at once (and cancels the answer), and pipelined requests are
    /// buffered — up to ``readAheadLimit``, the backpressure against a client that pipelines
    /// without end. It also spares the two `epoll_ctl` calls per request that turning reading
    /// off and on again would cost.
    private var readAhead: UInt32 {
        inputClosed || input.count - inputStart >= Self.readAheadLimit ? 0 : EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    }

    /// The most input buffered beyond the request being answered.
    static let readAheadLimit = 64 * 1024

    func updateInterest() {
        guard !isClosed else { return }
        let wanted = interest
        if wanted != registeredInterest {
            registeredInterest = wanted
            loop.epoll.modify(fd, events: wanted, token: id.epollToken)
        }
    }

    // MARK: Events

    func handleEvents(_ events: UInt32, on owner: isolated ServerLoop) {
        if isClosed { return }
        // Both directions are gone (a reset, or a close after our own shutdown): nothing can
        // be read or written any more. A running handler finishes; its answer is dropped.
        if events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            close(on: owner)
            return
        }
        if events & EPOLLOUT.rawValue != 0 {
            flush(on: owner)
        }
        switch state {
        case .responding:
            if !requestHasContent {
                if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 { readAvailable(on: owner) }
            } else if events & EPOLLRDHUP.rawValue != 0 {
                // The client closed its sending side after a request with content. It may still
                // read — an upload's end can be marked that way — so writing goes on; a client
                // that is really gone makes the next write fail (EPIPE), which closes.
                peerShutWrite = true
                updateInterest()
            }
        case .handling(let exchange):
            switch exchange.body {
            case .reading, .none:
                if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 { readAvailable(on: owner) }
            case .unread, .read, .refused, .streamed:
                break
            }
        case .readingHead, .discarding, .lingering, .upgraded:
            if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 {
                readAvailable(on: owner)
            }
        case .closed:
            break
        }
    }

    /// Reads what the socket holds and processes it.
    func readAvailable(on owner: isolated ServerLoop) {
        let count = owner.scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            if case .lingering(let deadline, let budget) = state {
                if count >= budget {
                    close(on: owner)
                } else {
                    state = .lingering(deadline: deadline, budget: budget - count)
                }
                return
            }
            if inputStart == input.count {
                input.removeAll(keepingCapacity: true)
                inputStart = 0
            }
            owner.scratch.withUnsafeBufferPointer { input.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
            process(on: owner)
            // Read ahead while an answer is made: stop at the limit.
            if input.count - inputStart >= Self.readAheadLimit { updateInterest() }
        } else if count == 0 {
            inputClosed = true
            if case .lingering = state {
                close(on: owner)
                return
            }
            if clientLeft {
                clientDidLeave(on: owner)
                return
            }
            process(on: owner)
            updateInterest()
        } else if errno != EAGAIN && errno != EINTR {
            close(on: owner)
        }
    }

    /// Whether the end of input just read means the client has gone: it came while a request
    /// without content is answered, and no pipelined request waits behind it. TCP cannot tell
    /// a close from a half-close, and HTTP/1.1 has no use for a half-close after a request
    /// without content, so it is read as the client leaving — as nginx, Go's server and
    /// SwiftNIO's default read it.
    private var clientLeft: Bool {
        guard !requestHasContent, inputStart == input.count else { return false }
        switch state {
        case .handling, .responding: return true
        case .readingHead, .discarding, .lingering, .upgraded, .closed: return false
        }
    }

    /// The client left while its request was answered: the work for it stops. The handler's
    /// task is cancelled, and whatever it still answers is written — a client that only
    /// half-closed reads it, one that is gone makes the write fail, which closes. A stream is
    /// cut off at once: its last chunk would tell a client that it was complete.
    func clientDidLeave(on owner: isolated ServerLoop) {
        switch state {
        case .handling:
            handlerTask?.cancel()
            updateInterest()
        case .responding(let writer) where writer.streamTask != nil:
            close(on: owner)
        case .responding, .readingHead, .discarding, .lingering, .upgraded, .closed:
            updateInterest()
        }
    }

    // MARK: Reading requests

    /// Moves through the phases the buffered input allows.
    func process(on owner: isolated ServerLoop) {
        while true {
            switch state {
            case .readingHead(var wait):
                // RFC 9112 §2.2: empty lines before a request line (a client's stray CRLF after
                // a body) are skipped; they do not start a request or its header timeout.
                while inputStart < input.count, input[inputStart] == .cr || input[inputStart] == .lf { inputStart += 1 }
                guard inputStart < input.count else {
                    if inputClosed {
                        close(on: owner)
                    } else {
                        compactInput()
                        updateInterest()
                    }
                    return
                }
                if !wait.isHeaderDeadline {
                    // The first byte of a new head: it must be complete within the header timeout.
                    wait = HeadWait(isHeaderDeadline: true, deadline: now() + configuration.headerReadTimeout.nanoseconds)
                    state = .readingHead(wait)
                }
                let result = input.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[inputStart...])) }
                switch result {
                case .incomplete:
                    if inputClosed {
                        close(on: owner)
                    } else {
                        compactInput()
                        updateInterest()
                    }
                    return
                case .failed(let error):
                    answerWithoutResponder(error.status, on: owner)
                    return
                case .complete(let head, let length):
                    inputStart += length
                    parser.reset()
                    begin(head, on: owner)
                }
            case .handling(let exchange):
                if case .reading(let reader) = exchange.body {
                    continueBody(reader, on: owner)
                }
                return
            case .discarding(let remaining, _):
                let take = min(remaining, input.count - inputStart)
                inputStart += take
                if take == remaining {
                    awaitNextHead(on: owner)
                    continue
                }
                state = .discarding(remaining: remaining - take, deadline: now() + configuration.bodyReadTimeout.nanoseconds)
                compactInput()
                if inputClosed { close(on: owner) }
                return
            case .lingering:
                inputStart = input.count
                compactInput()
                return
            case .upgraded(let link):
                processWebSocket(link, on: owner)
                return
            case .responding, .closed:
                return
            }
        }
    }

    /// Hands a request to the responder; its content waits until the responder asks for it.
    func begin(_ head: HTTPRequestHead, on owner: isolated ServerLoop) {
        sequence &+= 1
        let bodyState: RequestBodyState
        let body: HTTPRequestBody
        switch head.framing {
        case .none:
            (bodyState, body) = (.none, .empty)
        case .length(let length):
            (bodyState, body) = (.unread(head.framing), HTTPRequestBody(source: RequestBodySource(owner: owner, connection: id, sequence: sequence), knownLength: length))
        case .chunked:
            (bodyState, body) = (.unread(head.framing), HTTPRequestBody(source: RequestBodySource(owner: owner, connection: id, sequence: sequence), knownLength: nil))
        }
        requestHasContent = head.framing != .none
        state = .handling(Exchange(sequence: sequence, version: head.version, keepAlive: head.keepAlive,
                                   expectsContinue: head.expectsContinue, body: bodyState))
        updateInterest()
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers, body: body, peer: peer)
        handlerTask = Self.startResponding(to: request, responder: server.responder, loop: loop, owner: owner, connection: id, sequence: sequence)
    }

    /// Runs the responder in a task of its own on the loop, and hands its response back.
    /// Static and nonisolated: the task holds the connection's ``ConnectionID``, never the
    /// connection, which stays with its loop.
    nonisolated static func startResponding(to request: HTTPRequest, responder: any HTTPResponder, loop: EventLoop,
                                            owner: ServerLoop, connection: ConnectionID, sequence: UInt32) -> Task<Void, Never> {
        Task(executorPreference: loop) {
            // One slab for the request's async frames: without it, each frame too large for
            // the slab in use gets a slab of its own, two to four more allocations a request
            // (12 KiB holds those of `/guarded`, four layers of middleware, with room left).
            strata_reserve_task_frames(12 * 1024)
            let response = await responder.respond(to: request)
            await owner.deliver(response, to: connection, sequence: sequence)
        }
    }

    /// Waits for the next request head, for the idle timeout (shorter while draining).
    func awaitNextHead(on owner: isolated ServerLoop) {
        let idle = draining ? configuration.drainIdleTimeout : configuration.idleTimeout
        state = .readingHead(HeadWait(isHeaderDeadline: false, deadline: now() + idle.nanoseconds))
        updateInterest()
    }

    /// Drops consumed input so a long-lived connection's buffer does not grow.
    func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 16 * 1024 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }

    func now() -> UInt64 {
        EventLoop.monotonicNanoseconds()
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `UInt64.max`.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
