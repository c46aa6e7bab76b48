/// Turns any handler value into a ``Response``: a layer policy, for APIs whose values need a
/// rendering of their own (a multi-dict as a form, an envelope around every JSON body).
///
/// ```swift
/// struct Envelope<Value: Encodable>: Encodable {
///     let data: Value
/// }
///
/// struct Enveloped: ResponseClass {
///     func response(for value: any Sendable, context: RenderContext) throws -> Response {
///         guard let encodable = value as? any Encodable else { return try context.defaultResponse(for: value) }
///         return Response(status: context.status, body: try wrap(encodable, context))
///     }
///
///     private func wrap<Value: Encodable>(_ value: Value, _ context: RenderContext) throws -> [UInt8] {
///         try context.json(Envelope(data: value))
///     }
/// }
///
/// let api = Router("/api", routes: [Get("/user") { _ in ["name": "Ada"] }])
///     .responseClass(Enveloped())   // {"data":{"name":"Ada"}}, application/json
/// ```
///
/// The innermost layer that sets a response class wins. A response that sets no
/// `Content-Type` gets the route's media type: the handler's `mediaType:`, else the layers'
/// default, else what the return type implies (JSON for `Encodable` values).
public protocol ResponseClass: Sendable {
    /// The response for a handler's `value`.
    func response(for value: any Sendable, context: RenderContext) throws -> Response
}
