extension CacheControl {
    /// Parses a response `Cache-Control` value leniently, for clients and tests.
    ///
    /// Returns `nil` only when the value is not a `#cache-directive` list at all
    /// (`token [ "=" ( token / quoted-string ) ]` members, RFC 9111 §5.2) or has no
    /// member. Otherwise, following RFC 9111 §5.2 and §4.2.1:
    /// - names are case-insensitive, and arguments may be tokens or quoted-strings;
    /// - unknown directives, and known ones with an unusable argument (`max-age=soon`,
    ///   `max-age=-1`), are ignored;
    /// - a repeated delta-seconds directive keeps its first value;
    /// - delta-seconds too large for `Int` become 2147483648 (RFC 9111 §1.2.2);
    /// - an unqualified `no-cache` / `private` clears the field lists, which it covers.
    /// ```swift
    /// CacheControl.parse("Max-Age=\"60\", PUBLIC, x-ext=1")   // max-age=60, public
    /// ```
    public static func parse(_ value: String) -> CacheControl? {
        var scanner = HTTPFieldScanner(value)
        var result = CacheControl()
        var memberCount = 0
        while true {
            scanner.skipOWS()
            if scanner.isAtEnd { break }
            // RFC 9110 §5.6.1: empty list elements are allowed and ignored.
            if scanner.consume(HTTPFieldScanner.comma) { continue }
            guard let name = scanner.readToken() else { return nil }
            var argument: String?
            if scanner.consume(UInt8(ascii: "=")) {
                guard let value = scanner.readTokenOrQuotedString() else { return nil }
                argument = value.value
            }
            guard scanner.isAtElementEnd() else { return nil }
            memberCount += 1
            result.apply(name: name.lowercased(), argument: argument)
        }
        guard memberCount > 0 else { return nil }
        if result.noCache { result.noCacheFields = [] }
        if result.isPrivate { result.privateFields = [] }
        return result
    }

    private mutating func apply(name: String, argument: String?) {
        switch name {
        case "max-age": Self.setFirst(&maxAge, argument)
        case "s-maxage": Self.setFirst(&sMaxAge, argument)
        case "stale-while-revalidate": Self.setFirst(&staleWhileRevalidate, argument)
        case "stale-if-error": Self.setFirst(&staleIfError, argument)
        case "must-revalidate": mustRevalidate = true
        case "must-understand": mustUnderstand = true
        case "no-store": noStore = true
        case "no-transform": noTransform = true
        case "proxy-revalidate": proxyRevalidate = true
        case "public": isPublic = true
        case "immutable": immutable = true
        case "no-cache":
            if let argument { noCacheFields += Self.fieldNames(argument) } else { noCache = true }
        case "private":
            if let argument { privateFields += Self.fieldNames(argument) } else { isPrivate = true }
        default:
            break  // RFC 9111 §5.2.3: caches MUST ignore unrecognized directives.
        }
    }

    // RFC 9111 §4.2.1: with several values for one directive, use the first (or treat the
    // response as stale); taking the first is the predictable choice.
    private static func setFirst(_ slot: inout Int?, _ argument: String?) {
        guard slot == nil, let argument, let seconds = deltaSeconds(argument) else { return }
        slot = seconds
    }

    /// RFC 9111 §1.2.2: delta-seconds = 1*DIGIT; overflow becomes 2^31.
    static func deltaSeconds(_ text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        var seconds = 0
        var overflowed = false
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times10, overflowA) = seconds.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            overflowed = overflowed || overflowA || overflowB
            seconds = sum
        }
        return overflowed ? 2_147_483_648 : seconds
    }

    /// The comma-separated field names of a qualified `no-cache` / `private` argument.
    private static func fieldNames(_ argument: String) -> [String] {
        argument.split(separator: ",").compactMap { element in
            // RFC 9110 §5.6.1: list elements may carry OWS and be empty.
            var name = element[...]
            while let first = name.first, first == " " || first == "\t" { name = name.dropFirst() }
            while let last = name.last, last == " " || last == "\t" { name = name.dropLast() }
            return name.isEmpty ? nil : String(name)
        }
    }
}
