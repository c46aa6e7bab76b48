/// One member of an `Accept` field: a media range and its weight (RFC 9110 §12.5.1).
package struct MediaRange: Sendable, Hashable {
    /// The range, e.g. `text/*` or `application/json; charset=utf-8`, without `q`
    /// or the accept-ext parameters that follow it.
    package var mediaType: MediaType
    /// The weight in 0...1 (RFC 9110 §12.4.2); `0` means "not acceptable".
    package var quality: Double

    /// A media range with weight `quality` (1 when the `q` parameter is absent).
    package init(mediaType: MediaType, quality: Double = 1) {
        self.mediaType = mediaType
        self.quality = quality
    }
}

/// Proactive negotiation of a response media type from `Accept` (RFC 9110 §12.5.1).
///
/// ```swift
/// ContentNegotiation.bestMatch(offered: [.json, .html], accept: "text/html, */*;q=0.1")
/// // MediaType.html
/// ```
package enum ContentNegotiation {
    /// The members of an `Accept` field value, in field order.
    ///
    /// Malformed members are skipped: bad syntax, `*/subtype` (RFC 9110 only allows
    /// `*/*` and `type/*`), or a weight that is not a qvalue (`0`…`1` with at most three
    /// decimals, unquoted). Parameters before `q` belong to the media range; those
    /// after it are accept-ext parameters and are dropped.
    /// ```swift
    /// ContentNegotiation.parseAccept("text/*;q=0.5, text/html;level=1")
    /// // [text/* q=0.5, text/html;level=1 q=1]
    /// ```
    package static func parseAccept(_ fieldValue: String) -> [MediaRange] {
        var scanner = HTTPFieldScanner(fieldValue)
        var ranges: [MediaRange] = []
        while true {
            scanner.skipOWS()
            if scanner.isAtEnd { break }
            // RFC 9110 §5.6.1: recipients accept empty list elements.
            if scanner.consume(HTTPFieldScanner.comma) { continue }
            if let scanned = MediaType.scan(&scanner), scanner.isAtElementEnd(),
               let range = mediaRange(from: scanned) {
                ranges.append(range)
            } else {
                scanner.skipToNextElement()
            }
        }
        return ranges
    }

    /// The offered type the client prefers, or `nil` when none is acceptable (answer 406).
    ///
    /// - `accept` absent, blank, or without a single well-formed member: the client
    ///   accepts anything, so the first offered type wins.
    /// - Each offered type takes its weight from the most specific range that matches
    ///   it (`type/subtype;params` > `type/subtype` > `type/*` > `*/*`; the first listed
    ///   wins among equally specific ranges). No matching range, or `q=0`, excludes it.
    /// - The highest weight wins; ties keep the order of `offered`, the server's preference.
    ///
    /// Join multiple `Accept` fields with `", "` before calling.
    package static func bestMatch(offered: [MediaType], accept: String?) -> MediaType? {
        guard let accept else { return offered.first }
        let ranges = parseAccept(accept)
        guard !ranges.isEmpty else { return offered.first }
        var best: (type: MediaType, quality: Double)?
        for candidate in offered {
            let quality = quality(of: candidate, in: ranges)
            guard quality > 0 else { continue }
            // Strictly greater, so an earlier offered type keeps a tie.
            if quality > best?.quality ?? 0 {
                best = (candidate, quality)
            }
        }
        return best?.type
    }

    /// The weight `ranges` give `mediaType`: that of the most specific matching range,
    /// or `0` when no range matches.
    ///
    /// With RFC 9110 §12.5.1's example `text/*;q=0.3, text/plain;q=0.7,
    /// text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5`,
    /// `text/plain;format=flowed` gets 1, `text/plain` 0.7, `text/html` 0.3 and
    /// `image/jpeg` 0.5.
    package static func quality(of mediaType: MediaType, in ranges: [MediaRange]) -> Double {
        var chosen: (specificity: Int, quality: Double)?
        for range in ranges where mediaType.matches(range.mediaType) {
            let specificity = range.mediaType.rangeSpecificity
            // Strictly greater, so the first listed range wins among equals.
            if specificity > chosen?.specificity ?? -1 {
                chosen = (specificity, range.quality)
            }
        }
        return chosen?.quality ?? 0
    }

    /// Splits scanned parameters at `q` and checks the range shape and weight.
    private static func mediaRange(from scanned: MediaType.Scanned) -> MediaRange? {
        if scanned.type == "*" && scanned.subtype != "*" { return nil }
        var parameters: [MediaType.Parameter] = []
        var quality = 1.0
        for parameter in scanned.parameters {
            // RFC 9110 §12.4.2: weight = OWS ";" OWS "q=" qvalue, case-insensitive "q".
            if parameter.name.lowercased() == "q" {
                guard !parameter.wasQuoted, let weight = qvalue(parameter.value) else { return nil }
                quality = weight
                break
            }
            parameters.append(MediaType.Parameter(name: parameter.name, value: parameter.value))
        }
        return MediaRange(
            mediaType: MediaType(type: scanned.type, subtype: scanned.subtype, parameters: parameters),
            quality: quality
        )
    }

    /// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
    static func qvalue(_ text: String) -> Double? {
        qvalueThousandths(text).map { Double($0) / 1_000 }
    }

    /// A qvalue in thousandths (`"0.5"` is 500), exact; `nil` when `text` is not a qvalue.
    package static func qvalueThousandths(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var thousandths = first == UInt8(ascii: "1") ? 1_000 : 0
        guard bytes.count > 1 else { return thousandths }
        let decimals = bytes.dropFirst(2)
        guard bytes[1] == UInt8(ascii: "."), decimals.count <= 3 else { return nil }
        var scale = 100
        for digit in decimals {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            thousandths += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        // "1.5" is not a qvalue: after a leading 1 only zeros may follow.
        return thousandths <= 1_000 ? thousandths : nil
    }
}
