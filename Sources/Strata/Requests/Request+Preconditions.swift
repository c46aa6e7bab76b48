import FoundationEssentials
import StrataHTTP

extension Request {
    /// Evaluates the request's preconditions (`If-Match`, `If-None-Match`,
    /// `If-Modified-Since`, `If-Unmodified-Since`, RFC 9110 §13.2.2) against the resource's
    /// current validators, and throws 412 — or 304 for GET and HEAD — when they fail.
    ///
    /// Call it before changing state: Strata checks GET and HEAD responses by itself, but a
    /// PUT must not be performed at all when its `If-Match` fails.
    ///
    /// ```swift partial
    /// Put("/docs/{id:int}") { request in
    ///     let doc = try await store.find(request.parameters.int("id"))
    ///     try request.checkPreconditions(etag: doc.etag, lastModified: doc.updatedAt)
    ///     return try await store.replace(doc, with: request.decode(Doc.self))
    /// }
    /// ```
    public func checkPreconditions(etag: ETag?, lastModified: Date?, exists: Bool = true) throws {
        switch ResolvedApp.preconditions(of: self, etag: etag, lastModified: lastModified, status: nil, exists: exists) {
        case .proceed:
            return
        case .notModified:
            var headers: HTTPHeaders = [:]
            if let etag { headers["ETag"] = etag.headerValue }
            throw HTTPError(.notModified, headers: headers)
        case .preconditionFailed:
            throw HTTPError(.preconditionFailed)
        }
    }
}
