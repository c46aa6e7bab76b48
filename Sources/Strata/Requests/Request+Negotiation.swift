import StrataHTTP

extension Request {
    /// The best of `offered` for this request's `Accept` (RFC 9110 §12.5.1), in server
    /// preference order on ties; throws 406 when none is acceptable.
    ///
    /// ```swift partial
    /// switch try request.negotiate([.json, .messagePack]) { ... }
    /// ```
    public func negotiate(_ offered: [MediaType]) throws -> MediaType {
        let accept = headers.values(for: "Accept")
        let field = accept.isEmpty ? nil : accept.joined(separator: ", ")
        guard let best = ContentNegotiation.bestMatch(offered: offered, accept: field) else {
            let list = offered.map(\.essence).joined(separator: ", ")
            throw HTTPError(.notAcceptable, detail: "None of the available media types is acceptable: \(list).")
        }
        return best
    }
}
