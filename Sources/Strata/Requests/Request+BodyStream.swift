import StrataHTTP

/// Where a streaming route's request keeps its content's chunks.
enum BodyStreamSlot: ContextKey { typealias Value = HTTPRequestBodyChunks }

extension Request {
    /// The content as it arrives, in chunks, within the route's ``LayerPolicy/requestBodyLimit``
    /// (past it, iteration throws and the route answers 413). On a route declared with
    /// `.streamingRequestBody()` the socket is read only as fast as the chunks are taken, and
    /// ``body`` stays empty; on any other route the content was collected already and comes as
    /// one chunk. Iterate it once.
    public var bodyStream: HTTPRequestBodyChunks {
        context[BodyStreamSlot.self] ?? HTTPRequestBody(bytes: body).chunks(upTo: .max)
    }
}
