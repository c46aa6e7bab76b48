import StrataHTTP

/// A redirect: `Location` and one of the five redirect statuses, 302 unless said otherwise.
///
/// ```swift
/// Get("/old") { _ in Redirect(to: "/new?tab=2") }                         // 302
/// Post("/orders") { _ in Redirect(to: "/orders/7", status: .seeOther) }    // 303 after a POST
/// ```
///
/// A handler that declares a status uses it instead — and the app fails to build if it is not
/// 301, 302, 303, 307 or 308.
public struct Redirect: ResponseConvertible, DeclaredStatusChecking {
    /// The statuses a redirect may have (RFC 9110 §15.4).
    public enum Status: Int, Sendable, Hashable, CaseIterable {
        /// 301: moved for good; clients may change POST to GET.
        case movedPermanently = 301
        /// 302: found elsewhere for now; clients may change POST to GET.
        case found = 302
        /// 303: see the other resource with GET (the answer to a form POST).
        case seeOther = 303
        /// 307: elsewhere for now; the method and content are kept.
        case temporaryRedirect = 307
        /// 308: moved for good; the method and content are kept.
        case permanentRedirect = 308

        var httpStatus: HTTPStatus { HTTPStatus(code: rawValue) }
    }

    /// The target as given: a path (`/new`), a relative reference or an absolute URL.
    public var location: String
    /// The status.
    public var status: Status

    /// A redirect to `location`.
    public init(to location: String, status: Status = .found) {
        self.location = location
        self.status = status
    }

    public func makeResponse(context: RenderContext) throws -> Response {
        let status = context.declaredStatus ?? status.httpStatus
        return Response(status: status, headers: ["Location": Self.encodeLocation(location)])
    }

    /// `location` as a URI reference: characters a URI cannot hold (spaces, non-ASCII, `"`,
    /// `<`, controls…) are percent-encoded as UTF-8, and everything valid — reserved
    /// characters, the query, existing `%XX` escapes — is kept as it is (RFC 3986 §2).
    /// A CR or LF becomes `%0D`/`%0A`, so a target can never break the header.
    public static func encodeLocation(_ location: String) -> String {
        var output = ""
        let bytes = Array(location.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                output.unicodeScalars.append(contentsOf: [Unicode.Scalar(byte), Unicode.Scalar(bytes[index + 1]), Unicode.Scalar(bytes[index + 2])])
                index += 3
                continue
            }
            if isURICharacter(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
            index += 1
        }
        return output
    }

    static func problem(withDeclaredStatus status: HTTPStatus) -> String? {
        Status(rawValue: status.code) == nil
            ? "declares status \(status), but a Redirect's status must be 301, 302, 303, 307 or 308"
            : nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// unreserved, gen-delims and sub-delims (RFC 3986 §2.2–2.3).
    private static func isURICharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~:/?#[]@!$&'()*+,;=".utf8.contains(byte)
        }
    }
}

/// A return type whose status a handler may only declare from a fixed set; the resolver asks
/// it at build time.
protocol DeclaredStatusChecking {
    /// Why a handler may not declare `status` for this type, or `nil` if it may.
    static func problem(withDeclaredStatus status: HTTPStatus) -> String?
}
