// The IANA HTTP Status Code Registry, with RFC 9110's reason phrases.
extension HTTPStatus {
    /// 100 Continue
    public static let `continue` = HTTPStatus(code: 100, reasonPhrase: "Continue")
    /// 101 Switching Protocols
    public static let switchingProtocols = HTTPStatus(code: 101, reasonPhrase: "Switching Protocols")
    /// 102 Processing
    public static let processing = HTTPStatus(code: 102, reasonPhrase: "Processing")
    /// 103 Early Hints
    public static let earlyHints = HTTPStatus(code: 103, reasonPhrase: "Early Hints")
    /// 200 OK
    public static let ok = HTTPStatus(code: 200, reasonPhrase: "OK")
    /// 201 Created
    public static let created = HTTPStatus(code: 201, reasonPhrase: "Created")
    /// 202 Accepted
    public static let accepted = HTTPStatus(code: 202, reasonPhrase: "Accepted")
    /// 203 Non-Authoritative Information
    public static let nonAuthoritativeInformation = HTTPStatus(code: 203, reasonPhrase: "Non-Authoritative Information")
    /// 204 No Content
    public static let noContent = HTTPStatus(code: 204, reasonPhrase: "No Content")
    /// 205 Reset Content
    public static let resetContent = HTTPStatus(code: 205, reasonPhrase: "Reset Content")
    /// 206 Partial Content
    public static let partialContent = HTTPStatus(code: 206, reasonPhrase: "Partial Content")
    /// 207 Multi-Status
    public static let multiStatus = HTTPStatus(code: 207, reasonPhrase: "Multi-Status")
    /// 208 Already Reported
    public static let alreadyReported = HTTPStatus(code: 208, reasonPhrase: "Already Reported")
    /// 226 IM Used
    public static let imUsed = HTTPStatus(code: 226, reasonPhrase: "IM Used")
    /// 300 Multiple Choices
    public static let multipleChoices = HTTPStatus(code: 300, reasonPhrase: "Multiple Choices")
    /// 301 Moved Permanently
    public static let movedPermanently = HTTPStatus(code: 301, reasonPhrase: "Moved Permanently")
    /// 302 Found
    public static let found = HTTPStatus(code: 302, reasonPhrase: "Found")
    /// 303 See Other
    public static let seeOther = HTTPStatus(code: 303, reasonPhrase: "See Other")
    /// 304 Not Modified
    public static let notModified = HTTPStatus(code: 304, reasonPhrase: "Not Modified")
    /// 305 Use Proxy
    public static let useProxy = HTTPStatus(code: 305, reasonPhrase: "Use Proxy")
    /// 307 Temporary Redirect
    public static let temporaryRedirect = HTTPStatus(code: 307, reasonPhrase: "Temporary Redirect")
    /// 308 Permanent Redirect
    public static let permanentRedirect = HTTPStatus(code: 308, reasonPhrase: "Permanent Redirect")
    /// 400 Bad Request
    public static let badRequest = HTTPStatus(code: 400, reasonPhrase: "Bad Request")
    /// 401 Unauthorized
    public static let unauthorized = HTTPStatus(code: 401, reasonPhrase: "Unauthorized")
    /// 402 Payment Required
    public static let paymentRequired = HTTPStatus(code: 402, reasonPhrase: "Payment Required")
    /// 403 Forbidden
    public static let forbidden = HTTPStatus(code: 403, reasonPhrase: "Forbidden")
    /// 404 Not Found
    public static let notFound = HTTPStatus(code: 404, reasonPhrase: "Not Found")
    /// 405 Method Not Allowed
    public static let methodNotAllowed = HTTPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    /// 406 Not Acceptable
    public static let notAcceptable = HTTPStatus(code: 406, reasonPhrase: "Not Acceptable")
    /// 407 Proxy Authentication Required
    public static let proxyAuthenticationRequired = HTTPStatus(code: 407, reasonPhrase: "Proxy Authentication Required")
    /// 408 Request Timeout
    public static let requestTimeout = HTTPStatus(code: 408, reasonPhrase: "Request Timeout")
    /// 409 Conflict
    public static let conflict = HTTPStatus(code: 409, reasonPhrase: "Conflict")
    /// 410 Gone
    public static let gone = HTTPStatus(code: 410, reasonPhrase: "Gone")
    /// 411 Length Required
    public static let lengthRequired = HTTPStatus(code: 411, reasonPhrase: "Length Required")
    /// 412 Precondition Failed
    public static let preconditionFailed = HTTPStatus(code: 412, reasonPhrase: "Precondition Failed")
    /// 413 Content Too Large
    public static let contentTooLarge = HTTPStatus(code: 413, reasonPhrase: "Content Too Large")
    /// 414 URI Too Long
    public static let uriTooLong = HTTPStatus(code: 414, reasonPhrase: "URI Too Long")
    /// 415 Unsupported Media Type
    public static let unsupportedMediaType = HTTPStatus(code: 415, reasonPhrase: "Unsupported Media Type")
    /// 416 Range Not Satisfiable
    public static let rangeNotSatisfiable = HTTPStatus(code: 416, reasonPhrase: "Range Not Satisfiable")
    /// 417 Expectation Failed
    public static let expectationFailed = HTTPStatus(code: 417, reasonPhrase: "Expectation Failed")
    /// 418 I'm a teapot
    public static let imATeapot = HTTPStatus(code: 418, reasonPhrase: "I'm a teapot")
    /// 421 Misdirected Request
    public static let misdirectedRequest = HTTPStatus(code: 421, reasonPhrase: "Misdirected Request")
    /// 422 Unprocessable Content
    public static let unprocessableContent = HTTPStatus(code: 422, reasonPhrase: "Unprocessable Content")
    /// 423 Locked
    public static let locked = HTTPStatus(code: 423, reasonPhrase: "Locked")
    /// 424 Failed Dependency
    public static let failedDependency = HTTPStatus(code: 424, reasonPhrase: "Failed Dependency")
    /// 425 Too Early
    public static let tooEarly = HTTPStatus(code: 425, reasonPhrase: "Too Early")
    /// 426 Upgrade Required
    public static let upgradeRequired = HTTPStatus(code: 426, reasonPhrase: "Upgrade Required")
    /// 428 Precondition Required
    public static let preconditionRequired = HTTPStatus(code: 428, reasonPhrase: "Precondition Required")
    /// 429 Too Many Requests
    public static let tooManyRequests = HTTPStatus(code: 429, reasonPhrase: "Too Many Requests")
    /// 431 Request Header Fields Too Large
    public static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431, reasonPhrase: "Request Header Fields Too Large")
    /// 451 Unavailable For Legal Reasons
    public static let unavailableForLegalReasons = HTTPStatus(code: 451, reasonPhrase: "Unavailable For Legal Reasons")
    /// 500 Internal Server Error
    public static let internalServerError = HTTPStatus(code: 500, reasonPhrase: "Internal Server Error")
    /// 501 Not Implemented
    public static let notImplemented = HTTPStatus(code: 501, reasonPhrase: "Not Implemented")
    /// 502 Bad Gateway
    public static let badGateway = HTTPStatus(code: 502, reasonPhrase: "Bad Gateway")
    /// 503 Service Unavailable
    public static let serviceUnavailable = HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")
    /// 504 Gateway Timeout
    public static let gatewayTimeout = HTTPStatus(code: 504, reasonPhrase: "Gateway Timeout")
    /// 505 HTTP Version Not Supported
    public static let httpVersionNotSupported = HTTPStatus(code: 505, reasonPhrase: "HTTP Version Not Supported")
    /// 506 Variant Also Negotiates
    public static let variantAlsoNegotiates = HTTPStatus(code: 506, reasonPhrase: "Variant Also Negotiates")
    /// 507 Insufficient Storage
    public static let insufficientStorage = HTTPStatus(code: 507, reasonPhrase: "Insufficient Storage")
    /// 508 Loop Detected
    public static let loopDetected = HTTPStatus(code: 508, reasonPhrase: "Loop Detected")
    /// 510 Not Extended
    public static let notExtended = HTTPStatus(code: 510, reasonPhrase: "Not Extended")
    /// 511 Network Authentication Required
    public static let networkAuthenticationRequired = HTTPStatus(code: 511, reasonPhrase: "Network Authentication Required")

    /// The registered reason phrase for `code`, if it has one.
    public static func standardReasonPhrase(for code: Int) -> String? {
        switch code {
        case 100: return "Continue"
        case 101: return "Switching Protocols"
        case 102: return "Processing"
        case 103: return "Early Hints"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 203: return "Non-Authoritative Information"
        case 204: return "No Content"
        case 205: return "Reset Content"
        case 206: return "Partial Content"
        case 207: return "Multi-Status"
        case 208: return "Already Reported"
        case 226: return "IM Used"
        case 300: return "Multiple Choices"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 305: return "Use Proxy"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 407: return "Proxy Authentication Required"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 416: return "Range Not Satisfiable"
        case 417: return "Expectation Failed"
        case 418: return "I'm a teapot"
        case 421: return "Misdirected Request"
        case 422: return "Unprocessable Content"
        case 423: return "Locked"
        case 424: return "Failed Dependency"
        case 425: return "Too Early"
        case 426: return "Upgrade Required"
        case 428: return "Precondition Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 451: return "Unavailable For Legal Reasons"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        case 506: return "Variant Also Negotiates"
        case 507: return "Insufficient Storage"
        case 508: return "Loop Detected"
        case 510: return "Not Extended"
        case 511: return "Network Authentication Required"
        default: return nil
        }
    }
}
