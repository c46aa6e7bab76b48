extension MediaType {
    /// Parses a `Content-Type` style value, or returns `nil` if it is malformed.
    ///
    /// Grammar (RFC 9110 §8.3.1, §5.6.6):
    /// `type "/" subtype *( OWS ";" OWS [ parameter ] )` with
    /// `parameter = name "=" ( token / quoted-string )`. Quoted values are unescaped;
    /// empty parameters (`text/html;;a=b`) are allowed, whitespace around `=` is not.
    /// Surrounding OWS is ignored.
    /// ```swift
    /// MediaType("text/plain; charset=\"utf-8\"")?.charset   // "utf-8"
    /// MediaType("text /plain")                            // nil
    /// ```
    public init?(_ string: String) {
        var scanner = HTTPFieldScanner(string)
        scanner.skipOWS()
        guard let parsed = Self.scan(&scanner) else { return nil }
        scanner.skipOWS()
        guard scanner.isAtEnd else { return nil }
        self.init(
            type: parsed.type,
            subtype: parsed.subtype,
            parameters: parsed.parameters.map { Parameter(name: $0.name, value: $0.value) }
        )
    }

    /// A media type as scanned, remembering whether each value was quoted: `Accept`
    /// needs that, because its weight must be a bare `q=` qvalue (RFC 9110 §12.4.2).
    struct Scanned {
        struct ScannedParameter {
            var name: String
            var value: String
            var wasQuoted: Bool
        }
        var type: String
        var subtype: String
        var parameters: [ScannedParameter]
    }

    /// Scans `type/subtype` and its parameters, stopping before trailing OWS, a comma
    /// or anything else that is not another `;` parameter.
    static func scan(_ scanner: inout HTTPFieldScanner) -> Scanned? {
        guard let type = scanner.readToken(),
              scanner.consume(UInt8(ascii: "/")),
              let subtype = scanner.readToken()
        else { return nil }
        var parameters: [Scanned.ScannedParameter] = []
        while true {
            let beforeSeparator = scanner.index
            scanner.skipOWS()
            guard scanner.consume(UInt8(ascii: ";")) else {
                // Not a parameter: leave the OWS for the caller's end-of-element check.
                scanner.index = beforeSeparator
                break
            }
            scanner.skipOWS()
            // RFC 9110 §5.6.6: `[ parameter ]`, so `;` may be followed by nothing.
            guard let byte = scanner.current, HTTPToken.isTokenCharacter(byte) else { continue }
            guard let name = scanner.readToken(),
                  scanner.consume(UInt8(ascii: "=")),
                  let value = scanner.readTokenOrQuotedString()
            else { return nil }
            parameters.append(.init(name: name, value: value.value, wasQuoted: value.quoted))
        }
        return Scanned(type: type, subtype: subtype, parameters: parameters)
    }
}
