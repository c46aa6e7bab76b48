import StrataHTTP

extension Request {
    /// The fields and files of a `multipart/form-data` request, read from ``bodyStream`` as
    /// it arrives — on a route with `.streamingRequestBody()`, without holding the content in
    /// memory: files over ``MultipartLimits/memoryThreshold`` go to temporary files that are
    /// removed after the response. Answers 415 for another `Content-Type`, 400 for malformed
    /// content, 413 past a limit — each with a detail that says which.
    public func multipartForm(_ limits: MultipartLimits = MultipartLimits()) async throws -> MultipartForm {
        guard let type = contentType, type.essence == "multipart/form-data" else {
            throw HTTPError(.unsupportedMediaType, detail: "Send multipart/form-data.")
        }
        guard let boundary = type.parameter("boundary") else {
            throw HTTPError(.badRequest, detail: "The multipart/form-data Content-Type has no boundary.")
        }
        var parser = try MultipartParser(boundary: boundary, maxParts: limits.maxParts, maxHeaderBytes: limits.maxHeaderBytes)
        var collector = FormPartCollector(limits: limits)
        for try await chunk in bodyStream {
            // After the closing boundary the parser skips the epilogue; reading it to the end
            // keeps the connection open for the next request.
            try parser.feed(chunk) { try collector.handle($0) }
        }
        try parser.finish()
        return collector.form
    }
}

extension MultipartError: HTTPErrorConvertible {
    public var httpError: HTTPError {
        HTTPError(status, detail: "The form cannot be read: \(message).")
    }
}
