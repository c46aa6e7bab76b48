import FoundationEssentials
import StrataHTTP

/// Validators and preconditions (RFC 9110 §8.8, §13): which entity tag a response carries,
/// and the one evaluation of a request's conditions against it.
extension ResolvedApp {
    /// Step 3 of ``finish(_:for:entry:)``: a strong `ETag` from the content's SHA-256, where the
    /// route computes them and the response is a GET's buffered 2xx representation with no tag
    /// of its own or of a layer. Equal tags then mean equal bytes. A 204 has no representation
    /// to tag, and a 206 is a part of one.
    func addComputedETag(to http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        guard entry.policy.computesETag, ResolvedPolicy.describesResource(request.method),
              http.status.isSuccess, http.status != .noContent, http.status != .partialContent,
              case .bytes(let bytes) = http.body, !http.headers.contains("ETag"),
              !(entry.layeredETagApplies(to: http.status) && entry.policy.etag != nil) else { return }
        http.headers.add("ETag", ETag(String(SHA256.hex(SHA256.hash(bytes)).prefix(32))).headerValue)
    }

    /// Step 4: a GET or HEAD answer's own validators — its `ETag` and `Last-Modified`, else
    /// the route's layered ones — against the request's conditions: 304 or 412.
    func applyPreconditions(to http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        if request.method == .get || request.method == .head, Request.hasConditions(request.headers) {
            let layered = http.encodedFields.headers
            let etagField = http.headers["ETag"] ?? (entry.layeredETagApplies(to: http.status) ? layered["ETag"] : nil)
            let modifiedField = http.headers["Last-Modified"] ?? layered["Last-Modified"]
            let etag = etagField.flatMap(ETag.parse)
            let lastModified = modifiedField.flatMap { HTTPDate.parse($0) }
            // Without validators only If-Match can fail (RFC 9110 §13.1.1: no tag matches).
            if etag != nil || lastModified != nil || request.headers.contains("If-Match") {
                switch Self.preconditions(of: request, etag: etag, lastModified: lastModified, status: http.status,
                                          equivalentTags: Self.equivalentTags(of: etag, compression: entry.policy.compression)) {
                case .proceed:
                    break
                case .notModified:
                    http.status = .notModified
                case .preconditionFailed:
                    http = finalize(ProblemDetails.response(for: HTTPError(.preconditionFailed)), for: request, entry: entry)
                }
            }
        }
        if http.status == .notModified {
            http = Self.notModified(http)
        }
    }

    /// The refusal, if any, of a request whose validators are known before its handler runs:
    /// a 304 or a 412 response.
    func preconditionRefusal(_ request: Request, etag: ETag?, lastModified: Date?, status: HTTPStatus?, compression: ResolvedCompression? = nil) -> Response? {
        switch Self.preconditions(of: request, etag: etag, lastModified: lastModified, status: status,
                                  equivalentTags: Self.equivalentTags(of: etag, compression: compression)) {
        case .proceed: return nil
        case .notModified: return Response(status: .notModified)
        case .preconditionFailed: return ProblemDetails.response(for: HTTPError(.preconditionFailed))
        }
    }

    /// The evaluation every precondition check in Strata goes through, in RFC 9110 §13.2.2
    /// order. `status` is the response's status when it is known (preconditions apply to 2xx
    /// answers only); `nil` before the handler has run.
    static func preconditions(of request: Request, etag: ETag?, lastModified: Date?, status: HTTPStatus?, exists: Bool = true,
                              equivalentTags: [ETag] = []) -> ConditionalRequest.Outcome {
        guard Request.hasConditions(request.headers) else { return .proceed }
        if let status {
            return ConditionalRequest.evaluate(method: request.method, headers: request.headers, status: status, etag: etag, lastModified: lastModified,
                                               equivalentTags: equivalentTags)
        }
        return ConditionalRequest.evaluate(method: request.method, headers: request.headers, etag: etag, lastModified: lastModified,
                                           representationExists: exists, equivalentTags: equivalentTags)
    }

    /// A 304 keeps only the fields RFC 9110 §15.4.5 names (and `Set-Cookie`), and no content.
    static func notModified(_ http: HTTPResponse) -> HTTPResponse {
        var all = http.headers
        all.add(contentsOf: http.encodedFields.headers)
        var response = HTTPResponse(status: .notModified, headers: ConditionalRequest.notModifiedHeaders(from: all))
        response.afterSent = http.afterSent
        response.afterSentLabel = http.afterSentLabel
        return response
    }
}
