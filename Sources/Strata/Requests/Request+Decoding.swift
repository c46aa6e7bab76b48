import FoundationEssentials
import StrataHTTP

extension Request {
    /// The content decoded by its `Content-Type`: JSON (and any `+json`), form-urlencoded or
    /// MessagePack. Answers 415 for another type and 400, naming the field, for content that
    /// does not decode.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        guard let contentType else {
            throw HTTPError(.unsupportedMediaType, detail: "The request has no Content-Type; send application/json, application/x-www-form-urlencoded or application/msgpack.")
        }
        if contentType.isJSON { return try json(type) }
        if contentType.isMessagePack { return try messagePack(type) }
        if contentType.essence == MediaType.formURLEncoded.essence { return try formValue(type) }
        throw HTTPError(.unsupportedMediaType, detail: "Content-Type \(contentType.essence) is not supported here.")
    }

    /// The content decoded as JSON, whatever its `Content-Type`; 400 when it does not decode.
    public func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try decoding { try StrataJSON.makeDecoder().decode(type, from: Data(body)) }
    }

    /// The content decoded as MessagePack; 400 when it does not decode.
    public func messagePack<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try decoding { try MessagePackDecoder().decode(type, from: body) }
    }

    /// The content as form fields (`application/x-www-form-urlencoded`), in order.
    public func form() -> URLEncodedForm {
        URLEncodedForm(parsing: text)
    }

    /// The form fields decoded into `type`; 400 naming the field when one does not decode.
    public func formValue<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try decoding { try URLEncodedFormDecoder().decode(type, from: form()) }
    }

    /// The query parameters decoded into `type`; 400 naming the field when one does not decode.
    public func queryValue<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try decoding(what: "query") { try URLEncodedFormDecoder().decode(type, from: query) }
    }

    private func decoding<T>(what: String = "request content", _ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, detail: "The \(what) is invalid: \(Self.explain(error))")
        }
    }

    /// A message for the client that names the field and the problem, without type internals.
    static func explain(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the value" : "\"" + (text.hasPrefix(".") ? String(text.dropFirst()) : text) + "\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing."
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)) must not be null."
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(FieldIssue.describe(type))."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not well-formed." : "\(path(context.codingPath)) has an invalid value."
        @unknown default:
            return "it does not decode."
        }
    }
}
