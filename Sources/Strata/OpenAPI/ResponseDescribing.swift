import StrataHTTP

/// What a ``ResponseConvertible`` type sends, for the API document.
struct ResponseDescription {
    /// The content's media type (a range such as `*/*` when it is known only per response)
    /// and schema.
    var content: (mediaType: String, schema: JSONSchema?)?
    var headers: [String: JSONValue] = [:]
    /// The status, where the type decides it.
    var status: HTTPStatus?
}

/// A ``ResponseConvertible`` type that knows what it sends.
protocol ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription
}

extension Redirect: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        ResponseDescription(headers: ["Location": ["required": true, "description": "Where the resource is.", "schema": ["type": "string", "format": "uri-reference"]]],
                            status: declaredStatus ?? Redirect.Status.found.httpStatus)
    }
}

extension File: ResponseDescribing {
    static func openAPIResponse(declaredStatus: HTTPStatus?, mediaType: MediaType?) -> ResponseDescription {
        // The media type follows the file's name unless the route names one.
        ResponseDescription(content: (mediaType?.essence ?? "*/*", nil))
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
