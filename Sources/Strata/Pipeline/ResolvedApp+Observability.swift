import StrataHTTP

extension ResolvedApp {
    /// Gives the request its id and notes when it arrived, as the route's layers ask. Only
    /// routes with request ids or an access log come here.
    func observe(_ request: inout Request, entry: RouteEntry) {
        if let ids = entry.policy.requestIDs {
            let id = ids.id(for: request.headers[ids.header])
            request.requestID = id
        }
        if entry.policy.accessLog != nil {
            request.receivedAt = MonotonicClock.nanoseconds()
        }
    }

    /// The last step of ``finish(_:for:entry:)`` for observed routes: the id echoed — on every
    /// answer, a 304 and a refusal too — and the access line, written once the transport has
    /// sent the response.
    func addObservation(to http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        guard entry.observes else { return }
        if let ids = entry.policy.requestIDs, let id = request.requestID,
           !http.headers.contains(ids.header) && !http.encodedFields.headers.contains(ids.header) {
            http.headers.add(ids.header, id)
        }
        guard let access = entry.policy.accessLog, accessLogger.logs(access.level) else { return }
        let logger = accessLogger
        let method = request.method, path = request.path, route = request.route, id = request.requestID
        let client = request.clientAddress, started = request.receivedAt
        http.onDelivery = { delivery in
            let elapsed = MonotonicClock.nanoseconds() &- started
            var metadata = LogMetadata(capacity: 10)
            metadata.append("method", .string(method.rawValue))
            metadata.append("path", .string(path))
            if let route { metadata.append("route", .string(route)) }
            metadata.append("status", .integer(delivery.status.code))
            metadata.append("bytes", .integer(delivery.contentBytes))
            metadata.append("duration_ms", .double(Double(elapsed / 1000) / 1000))
            if let client { metadata.append("client", .string(client.description)) }
            if let id { metadata.append("request_id", .string(id)) }
            if !delivery.isComplete { metadata.append("incomplete", true) }
            logger.log(access.level, "\(method.rawValue) \(path) \(delivery.status.code)", metadata: metadata)
        }
    }
}
