import StrataHTTP

/// What a ``ResponseConvertible`` type sends, for the API document.
struct ResponseDescription {
    /// The content's media type (a range such as `*/*` when it is known only per response)
    /// and schema.
    var content: (mediaType: String, schema: JSONSchema?)?
    var headers: [String: JSONValue] = [:]
    /// The response's key, where the type decides the status: `3XX` for any redirect.
    var statusKey: String?
    /// Other responses the type gives, by status.
    var otherResponses: [String: JSONValue] = [:]
}

/// A ``ResponseConvertible`` type that knows what it sends.
protocol ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription
}

extension Redirect: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        // The value's own status decides, unless the handler declares one.
        ResponseDescription(headers: ["Location": ["required": true, "description": "Where the resource is.", "schema": ["type": "string", "format": "uri-reference"]]],
                            statusKey: declaredStatus.map { String($0.code) } ?? "3XX")
    }
}

extension File: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        // The media type follows the file's name unless the route names one. Files answer
        // ranges and conditional requests themselves.
        let type = mediaType?.essence ?? "*/*"
        return ResponseDescription(content: (type, nil), otherResponses: [
            "206": ["description": "Partial Content: the ranges asked for.", "content": .object([type: [:], "multipart/byteranges": [:]])],
            "304": ["description": "Not Modified: the client's copy is current."],
            "404": ["description": "Not Found: the file does not exist.", "content": ["application/problem+json": [:]]],
            "412": ["description": "Precondition Failed: an If-Match or If-Unmodified-Since does not hold.", "content": ["application/problem+json": [:]]],
            "416": ["description": "Range Not Satisfiable.", "content": ["application/problem+json": [:]]],
        ])
    }
}

extension ServerSentEvents: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        ResponseDescription(content: (MediaType.eventStream.essence, .string()))
    }
}

extension StreamingResponse: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        ResponseDescription(content: (mediaType?.essence ?? "*/*", nil))
    }
}

extension Template: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        ResponseDescription(content: (mediaType?.essence ?? MediaType.html.essence, .string()))
    }
}
