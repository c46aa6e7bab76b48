/// How a layer's routes appear in the API document: tags, summary, description, deprecation,
/// security, extra responses, or not at all.
///
/// Merged like every policy: ``tags`` are a chain (outermost first, duplicates dropped),
/// ``responses`` are keyed by status, the rest are scalars the innermost layer wins.
public struct OperationDocumentation: Sendable {
    /// Groups for the documentation page.
    public var tags: [String]
    /// One line about the operation.
    public var summary: String?
    /// What the operation does, in CommonMark.
    public var description: String?
    /// The operation's `operationId`; by default the route's name, else one made of the method
    /// and path.
    public var operationID: String?
    /// Whether clients should stop using the routes.
    public var isDeprecated: Bool?
    /// Whether the routes are left out of the document.
    public var isExcluded: Bool?
    /// The ways to authenticate, any one of which is enough; empty for routes open to all.
    public var security: [SecurityScheme]?
    /// Responses the types do not show.
    public var responses: [DocumentedResponse]

    /// Documentation; every argument is optional.
    public init(tags: [String] = [], summary: String? = nil, description: String? = nil, operationID: String? = nil,
                isDeprecated: Bool? = nil, isExcluded: Bool? = nil, security: [SecurityScheme]? = nil,
                responses: [DocumentedResponse] = []) {
        self.tags = tags
        self.summary = summary
        self.description = description
        self.operationID = operationID
        self.isDeprecated = isDeprecated
        self.isExcluded = isExcluded
        self.security = security
        self.responses = responses
    }

    /// `layers`, innermost first, merged.
    init(merging layers: [OperationDocumentation]) {
        var tags: [String] = []
        for tag in PolicyMerge.outermostFirst(layers.map(\.tags)) where !tags.contains(tag) { tags.append(tag) }
        self.init(
            tags: tags,
            summary: PolicyMerge.innermost(layers.map(\.summary)),
            description: PolicyMerge.innermost(layers.map(\.description)),
            operationID: PolicyMerge.innermost(layers.map(\.operationID)),
            isDeprecated: PolicyMerge.innermost(layers.map(\.isDeprecated)),
            isExcluded: PolicyMerge.innermost(layers.map(\.isExcluded)),
            security: PolicyMerge.innermost(layers.map(\.security)),
            responses: PolicyMerge.keyed(layers.map(\.responses), key: \.status))
    }
}

extension LayerConfigurable {
    /// Documents this layer's routes: tags add to the enclosing layers', the rest replace
    /// theirs.
    public func documented(tags: [String] = [], summary: String? = nil, description: String? = nil,
                           operationID: String? = nil, deprecated: Bool? = nil) -> Configured {
        with { policy in
            policy.documentation.tags += tags
            if let summary { policy.documentation.summary = summary }
            if let description { policy.documentation.description = description }
            if let operationID { policy.documentation.operationID = operationID }
            if let deprecated { policy.documentation.isDeprecated = deprecated }
        }
    }

    /// Leaves this layer's routes out of the API document (or, with `false`, puts back routes
    /// an enclosing layer left out).
    public func excludedFromSchema(_ excluded: Bool = true) -> Configured {
        with { $0.documentation.isExcluded = excluded }
    }

    /// Documents that this layer's routes need one of `schemes`; none for routes open to all.
    public func security(_ schemes: SecurityScheme...) -> Configured {
        with { $0.documentation.security = schemes }
    }

    /// Documents a response the route's types do not show.
    public func documentedResponse(_ response: DocumentedResponse) -> Configured {
        with { policy in
            policy.documentation.responses.removeAll { $0.status == response.status }
            policy.documentation.responses.append(response)
        }
    }

    /// Documents a response the route's types do not show: `status`, what it means, and its
    /// content's media type and schema, if any.
    public func documentedResponse(_ status: HTTPStatus, _ description: String, mediaType: MediaType? = nil, schema: JSONSchema? = nil) -> Configured {
        documentedResponse(DocumentedResponse(status, description, mediaType: mediaType, schema: schema))
    }
}
