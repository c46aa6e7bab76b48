import StrataHTTP

/// One method of one resolved route: everything a request to it needs, computed at build.
final class RouteEntry: Sendable {
    /// `GET /api/users/{id:int}`, for reports.
    let label: String
    /// The full path template, e.g. `/api/users/{id:int}`.
    let template: String
    let method: HTTPMethod
    let parameterNames: [String]
    let policy: ResolvedPolicy
    let endpoint: Endpoint
    let status: HTTPStatus
    let mediaType: MediaType?
    /// `Content-Type` for typed values followed by the layered fields, encoded once.
    let typedFields: EncodedHeaderFields

    init(label: String, template: String, method: HTTPMethod, parameterNames: [String], policy: ResolvedPolicy,
         endpoint: @escaping Endpoint, status: HTTPStatus, mediaType: MediaType?, typedFields: EncodedHeaderFields) {
        self.label = label
        self.template = template
        self.method = method
        self.parameterNames = parameterNames
        self.policy = policy
        self.endpoint = endpoint
        self.status = status
        self.mediaType = mediaType
        self.typedFields = typedFields
    }
}
