/// Turns any handler value into a ``Response``: a layer policy, for APIs whose values need a
/// rendering of their own (a multi-dict as a form, an envelope around every JSON body).
///
/// ```swift
/// struct Enveloped: ResponseClass {
///     func response(for value: any Sendable, context: RenderContext) throws -> Response {
///         guard let encodable = value as? any Encodable else { return try context.defaultResponse(for: value) }
///         return try Response.json(Envelope(data: AnyEncodable(encodable)), status: context.status)
///     }
/// }
/// ```
///
/// The innermost layer that sets a response class wins.
public protocol ResponseClass: Sendable {
    /// The response for a handler's `value`.
    func response(for value: any Sendable, context: RenderContext) throws -> Response
}
