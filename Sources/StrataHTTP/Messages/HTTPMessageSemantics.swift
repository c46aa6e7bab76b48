/// What a request's fields mean for its framing and connection (RFC 9112 §3.2, §6, §9), and
/// the checks that refuse request smuggling.
enum HTTPMessageSemantics {
    static func head(method: HTTPMethod, target rawTarget: String, version: HTTPVersion, headers rawHeaders: HTTPHeaders) throws(HTTPParseError) -> HTTPRequestHead {
        var headers = rawHeaders
        // Host is checked as sent: an absolute-form target does not excuse its absence.
        try checkHost(headers, version: version)
        let target = try originForm(of: rawTarget, method: method, headers: &headers)
        let framing = try framing(of: headers, version: version)

        let connection = tokens(of: headers.values(for: "Connection"))
        let keepAlive = version == .http1_1 ? !connection.contains("close") : connection.contains("keep-alive")

        // RFC 9110 §10.1.1: 100-continue is the only expectation; a server MAY answer others
        // with 417, and like nginx Strata ignores them. HTTP/1.0 clients never expect it.
        let expectsContinue = version == .http1_1 && tokens(of: headers.values(for: "Expect")).contains("100-continue")
        return HTTPRequestHead(method: method, target: target, version: version, headers: headers,
                               framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    /// The target in origin form. An absolute-form target's authority replaces `Host`
    /// (RFC 9112 §3.2.2); `*` is kept for OPTIONS only (§3.2.4).
    static func originForm(of target: String, method: HTTPMethod, headers: inout HTTPHeaders) throws(HTTPParseError) -> String {
        guard let first = target.utf8.first else { throw .badRequest("empty request-target") }
        if first == UInt8(ascii: "/") { return target }
        if target == "*" {
            guard method == .options else { throw .badRequest("asterisk-form target with \(method)") }
            return target
        }
        let lowercased = ASCII.lowercased(target)
        for scheme in ["http://", "https://"] where lowercased.hasPrefix(scheme) {
            let rest = target.dropFirst(scheme.count)
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            let authority = String(rest[..<authorityEnd])
            guard !authority.isEmpty, !authority.contains("@"), isValidHost(authority) else {
                throw .badRequest("invalid authority in an absolute-form target")
            }
            headers.remove("Host")
            headers.add("Host", authority)
            let path = rest[authorityEnd...]
            return path.first == "/" ? String(path) : "/" + path
        }
        throw .badRequest("request-target is not in origin, absolute or asterisk form")
    }

    /// RFC 9112 §3.2: an HTTP/1.1 request has exactly one valid Host; a 1.0 request at most one.
    private static func checkHost(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) {
        let count = headers.count(of: "Host")
        if count > 1 { throw .badRequest("more than one Host field") }
        guard let host = headers["Host"] else {
            if version == .http1_1 { throw .badRequest("HTTP/1.1 request without Host") }
            return
        }
        guard !host.isEmpty, isValidHost(host) else { throw .badRequest("invalid Host") }
    }

    /// RFC 9112 §6.3: how the content is delimited; any doubt is a 400 and a closed connection.
    private static func framing(of headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) -> HTTPRequestHead.Framing {
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty {
            // §6.1: Transfer-Encoding with Content-Length is how requests are smuggled.
            if !contentLengths.isEmpty { throw .badRequest("both Transfer-Encoding and Content-Length") }
            // §6.1: HTTP/1.0 has no transfer codings; its framing would be faulty.
            if version == .http1_0 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            // Two fields could be read as two framings by two parsers; nginx refuses them too.
            if transferEncodings.count > 1 { throw .badRequest("more than one Transfer-Encoding field") }
            // Strata decodes chunked alone; gzip, identity and lists of codings are not
            // implemented (§6.1), the answer nginx gives as well.
            guard ASCII.lowercased(transferEncodings[0]) == "chunked" else {
                throw HTTPParseError(.notImplemented, "unsupported transfer coding")
            }
            return .chunked
        }
        guard !contentLengths.isEmpty else { return .none }
        // §6.3 lets a recipient collapse repeated identical values; like nginx, Strata refuses
        // any repetition rather than guess what an intermediary made of it.
        guard contentLengths.count == 1 else { throw .badRequest("more than one Content-Length") }
        let digits = contentLengths[0].utf8
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            throw .badRequest("invalid Content-Length")
        }
        let length = digits.reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) }
        return length == 0 ? .none : .length(length)
    }

    /// The lowercased, trimmed elements of comma-separated field values, empty ones skipped.
    static func tokens(of values: [String]) -> [String] {
        var result: [String] = []
        for value in values {
            for element in value.split(separator: ",") {
                let trimmed = element.trimmingCharacters(in: " \t")
                if !trimmed.isEmpty { result.append(ASCII.lowercased(trimmed)) }
            }
        }
        return result
    }

    /// `uri-host [ ":" port ]` with reg-name, IPv4 or bracketed IP-literal characters (RFC 3986 §3.2.2).
    static func isValidHost(_ host: String) -> Bool {
        host.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-._~!$&'()*+,;=:%[]".utf8.contains(byte)
            }
        }
    }
}

extension Substring {
    /// The substring without the bytes of `set` at either end (optional whitespace: `" \t"`).
    package func trimmingCharacters(in set: String) -> String {
        let characters = Set(set.utf8)
        let utf8 = self.utf8
        guard let start = utf8.firstIndex(where: { !characters.contains($0) }) else { return "" }
        let end = utf8.lastIndex(where: { !characters.contains($0) })!
        return String(self[start...end])
    }
}
