import FoundationEssentials

extension Cookie {
    /// Reads a `Set-Cookie` field value the lenient way a user agent does (RFC 6265 §5.2),
    /// or returns `nil` if the cookie must be ignored.
    ///
    /// ```swift
    /// Cookie.parse(setCookie: "id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; secure")
    /// ```
    ///
    /// - The name-value pair runs to the first `;`; without `=` or with an empty name the
    ///   cookie is ignored. Name and value are trimmed of spaces and tabs; the value keeps
    ///   any DQUOTEs, as RFC 6265 §5.2 does (so `headerValue` round-trips).
    /// - Attribute names are case-insensitive, unknown ones are ignored, and when one appears
    ///   twice the last valid one wins. An ignored attribute leaves the earlier value.
    /// - `Expires` is read by ``HTTPDate/parse(_:now:)`` in any of its three formats; an
    ///   unreadable date is ignored. `Max-Age` must be an optionally negative integer, else
    ///   it is ignored; one too large for `Int` is clamped.
    /// - `Domain` loses a leading dot and is lowercased (RFC 6265 §5.2.3); empty is ignored.
    /// - `Path` not starting with `/` is ignored. With no Path the result's `path` is `nil`,
    ///   not `/`: the cookie jar computes the default-path from the request URI.
    /// - With no `SameSite`, or an unknown value, `sameSite` is ``Cookie/SameSite/omitted``.
    /// - A control character other than HTAB anywhere rejects the whole cookie
    ///   (RFC 6265bis §5.6 step 1), so CR, LF and NUL never reach a jar.
    ///
    /// - Parameter now: the present, for an `Expires` in RFC 850 form with a two-digit year.
    public static func parse(setCookie: String, now: Date = Date()) -> Cookie? {
        guard !setCookie.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F })
        else { return nil }

        // Split on scalars, not Characters: a combining mark after ";" or "=" must not hide it.
        var parts = setCookie.unicodeScalars.split(separator: ";", omittingEmptySubsequences: false)[...]
        guard let pair = parts.popFirst(), let equals = pair.firstIndex(of: "=") else { return nil }
        let name = trimmed(pair[..<equals])
        guard !name.isEmpty else { return nil }
        var cookie = Cookie(
            string(name), string(trimmed(pair[pair.index(after: equals)...])),
            path: nil, sameSite: .omitted
        )

        for attribute in parts {
            let attributeName: Scalars
            let attributeValue: Scalars
            if let equals = attribute.firstIndex(of: "=") {
                attributeName = trimmed(attribute[..<equals])
                attributeValue = trimmed(attribute[attribute.index(after: equals)...])
            } else {
                attributeName = trimmed(attribute)
                attributeValue = Scalars()
            }
            switch string(attributeName).lowercased() {
            case "expires":
                if let date = HTTPDate.parse(string(attributeValue), now: now) { cookie.expires = date }
            case "max-age":
                if let seconds = maxAgeSeconds(attributeValue) { cookie.maxAge = seconds }
            case "domain":
                // RFC 6265 §5.2.3: an empty Domain is ignored; a leading dot is dropped.
                var domain = attributeValue
                if domain.first == "." { domain = domain.dropFirst() }
                if !domain.isEmpty { cookie.domain = string(domain).lowercased() }
            case "path":
                // RFC 6265 §5.2.4: a Path not starting with "/" means default-path.
                if attributeValue.first == "/" { cookie.path = string(attributeValue) }
            case "secure":
                cookie.secure = true
            case "httponly":
                cookie.httpOnly = true
            case "samesite":
                // RFC 6265bis §5.6.7: the value is case-insensitive; an unknown one means "Default".
                switch string(attributeValue).lowercased() {
                case "lax": cookie.sameSite = .lax
                case "strict": cookie.sameSite = .strict
                case "none": cookie.sameSite = .none
                default: cookie.sameSite = .omitted
                }
            case "partitioned":
                cookie.partitioned = true
            default:
                continue
            }
        }
        return cookie
    }

    /// The name-value pairs of a request `Cookie` field, e.g. `a=1; b=2`, in order.
    ///
    /// Duplicates are kept (a browser sends the cookie with the longest path first). Pairs
    /// without `=` or with an empty name are skipped; names and values are trimmed of
    /// spaces and tabs, and one surrounding pair of DQUOTEs is removed from a value.
    public static func parse(cookieHeader: String) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for part in cookieHeader.unicodeScalars.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = trimmed(part[..<equals])
            guard !name.isEmpty else { continue }
            var value = trimmed(part[part.index(after: equals)...])
            if value.count >= 2, value.first == "\"", value.last == "\"" {
                value = value.dropFirst().dropLast()
            }
            pairs.append((string(name), string(value)))
        }
        return pairs
    }

    /// A request `Cookie` field value from name-value pairs: `a=1; b=2`, in the given order.
    ///
    /// Pairs are written verbatim; an empty list gives an empty string.
    public static func cookieHeader(_ pairs: [(name: String, value: String)]) -> String {
        var result = ""
        for (index, pair) in pairs.enumerated() {
            if index > 0 { result += "; " }
            result += pair.name + "=" + pair.value
        }
        return result
    }

    /// RFC 6265 §5.2.2: `-`? DIGIT+, anything else is ignored. Out-of-range values clamp,
    /// since the syntax is valid and the meaning ("very long", "already expired") is clear.
    static func maxAgeSeconds(_ text: Scalars) -> Int? {
        let negative = text.first == "-"
        let digits = negative ? text.dropFirst() : text
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        if let value = Int(string(text)) { return value }
        return negative ? Int.min : Int.max
    }

    typealias Scalars = Substring.UnicodeScalarView

    static func string(_ scalars: Scalars) -> String { String(Substring(scalars)) }

    /// `text` without leading and trailing SP and HTAB (RFC 6265 §5.2's WSP).
    static func trimmed(_ text: Scalars) -> Scalars {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
