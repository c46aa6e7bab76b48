/// One `range-spec` of a `bytes` Range request (RFC 9110 §14.1.2), before it meets a length.
///
/// ```swift
/// RangeRequest.parse("bytes=0-499, 1000-, -200")
/// // [.closed(first: 0, last: 499), .from(first: 1000), .suffix(length: 200)]
/// ```
package enum ByteRangeSpec: Sendable, Hashable {
    /// `first-last`: the bytes at offsets `first...last`, inclusive.
    case closed(first: Int, last: Int)
    /// `first-`: from offset `first` to the end of the representation.
    case from(first: Int)
    /// `-length`: the final `length` bytes of the representation.
    case suffix(length: Int)
}

/// Parses and resolves the `Range` request field (RFC 9110 §14.2) for the `bytes` unit.
///
/// ```swift
/// let specs = RangeRequest.parse("bytes=0-5, 3-8")!
/// RangeRequest.resolve(specs, length: 100)   // .partial([0...8])
/// ```
package enum RangeRequest {
    /// Parses a `Range` field value into its specs, or `nil` when it is not a valid `bytes=` ranges-specifier.
    ///
    /// A `nil` result means the field is ignored and the whole representation is sent
    /// (RFC 9110 §14.2). The unit name is case-insensitive; list elements may be empty and
    /// surrounded by OWS (§5.6.1). The whole field is invalid when any element is: a
    /// `first-last` with `last < first`, a number that is not all digits or does not fit
    /// in `Int`, or anything other than `a-b`, `a-` or `-n`.
    ///
    /// ```swift
    /// RangeRequest.parse("BYTES= 0-1 , 3-4")   // [.closed(first: 0, last: 1), .closed(first: 3, last: 4)]
    /// RangeRequest.parse("bytes=5-4")          // nil
    /// ```
    package static func parse(_ fieldValue: String) -> [ByteRangeSpec]? {
        var scanner = HTTPFieldScanner(fieldValue)
        // Field values arrive trimmed; tolerating OWS here costs nothing.
        scanner.skipOWS()
        // RFC 9110 §14.1: range-unit = token, compared case-insensitively; no OWS around "=".
        guard let unit = scanner.readToken(), ASCII.caseInsensitiveEquals(unit, "bytes"),
              scanner.consume(UInt8(ascii: "="))
        else { return nil }

        var specs: [ByteRangeSpec] = []
        while true {
            scanner.skipOWS()
            if scanner.isAtEnd { break }
            if scanner.consume(HTTPFieldScanner.comma) { continue }
            guard let spec = scanSpec(&scanner), scanner.isAtElementEnd() else { return nil }
            specs.append(spec)
        }
        // range-set = 1#range-spec: a list of only empty elements names no range.
        return specs.isEmpty ? nil : specs
    }

    /// What to send for a Range request against a representation of known length.
    package enum Resolution: Sendable, Equatable {
        /// Ignore the Range field and send the whole representation with 200.
        case whole
        /// Send these ranges with 206: ascending, non-overlapping, non-adjacent, within the representation.
        case partial([ClosedRange<Int>])
        /// No requested range overlaps the representation: send 416 with `Content-Range: bytes */length`.
        case unsatisfiable
    }

    /// Resolves parsed specs against a representation of `length` bytes.
    ///
    /// Each spec is clamped to the representation (`a-b` past the end becomes `a...length-1`,
    /// a suffix longer than the representation selects all of it); specs that select
    /// nothing (`a` at or past the end, `-0`) are dropped. The rest are sorted and
    /// overlapping or adjacent ranges are coalesced. Then:
    /// - none remain, or `length` is 0: `.unsatisfiable`;
    /// - more than `maxRanges` remain, or they cover every byte: `.whole`
    ///   (a server may ignore Range, RFC 9110 §14.2);
    /// - otherwise `.partial`.
    ///
    /// ```swift
    /// RangeRequest.resolve([.closed(first: 0, last: 4), .closed(first: 5, last: 9)], length: 50)
    /// // .partial([0...9])
    /// RangeRequest.resolve([.from(first: 100)], length: 50)   // .unsatisfiable
    /// ```
    package static func resolve(_ specs: [ByteRangeSpec], length: Int, maxRanges: Int = 16) -> Resolution {
        // RFC 9110 §14.1.1: of an empty representation only a suffix range with a non-zero
        // length is satisfiable — it selects the whole (empty) representation.
        guard length > 0 else {
            let suffix = specs.contains { if case .suffix(let count) = $0 { return count > 0 } else { return false } }
            return suffix ? .whole : .unsatisfiable
        }
        var ranges = specs.compactMap { satisfiableRange($0, length: length) }
        guard !ranges.isEmpty else { return .unsatisfiable }

        // RFC 9110 §14.2: a server MAY coalesce overlapping ranges, and SHOULD guard
        // against many small or overlapping ones (a cheap amplification attack);
        // coalescing adjacent ones too never changes the bytes sent, only the framing.
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var coalesced: [ClosedRange<Int>] = []
        coalesced.reserveCapacity(ranges.count)
        for range in ranges {
            // upperBound <= length - 1 < Int.max, so `+ 1` cannot overflow.
            if let last = coalesced.last, range.lowerBound <= last.upperBound + 1 {
                coalesced[coalesced.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                coalesced.append(range)
            }
        }

        if coalesced.count > maxRanges { return .whole }
        if coalesced.count == 1, coalesced[0].lowerBound == 0, coalesced[0].upperBound == length - 1 {
            return .whole
        }
        return .partial(coalesced)
    }

    /// The bytes `spec` selects in a representation of `length > 0` bytes, or `nil` if none.
    static func satisfiableRange(_ spec: ByteRangeSpec, length: Int) -> ClosedRange<Int>? {
        switch spec {
        case let .closed(first, last):
            // RFC 9110 §14.1.2: a last-pos at or past the end means "to the end".
            // Specs built in code may be out of order or negative: they select nothing.
            guard first >= 0, first <= last, first < length else { return nil }
            return first...min(last, length - 1)
        case let .from(first):
            guard first >= 0, first < length else { return nil }
            return first...(length - 1)
        case let .suffix(suffixLength):
            // RFC 9110 §14.1.3: a suffix longer than the representation selects all of it;
            // a zero-length suffix is unsatisfiable.
            guard suffixLength > 0 else { return nil }
            return max(0, length - suffixLength)...(length - 1)
        }
    }

    /// Scans `int-range / suffix-range` (RFC 9110 §14.1.2); `nil` on anything else.
    private static func scanSpec(_ scanner: inout HTTPFieldScanner) -> ByteRangeSpec? {
        let dash = UInt8(ascii: "-")
        if scanner.consume(dash) {
            guard let suffixLength = scanNumber(&scanner) else { return nil }
            return .suffix(length: suffixLength)
        }
        guard let first = scanNumber(&scanner), scanner.consume(dash) else { return nil }
        guard let last = scanNumber(&scanner) else { return .from(first: first) }
        // RFC 9110 §14.1.1: an int-range whose last-pos is below first-pos is invalid.
        return last >= first ? .closed(first: first, last: last) : nil
    }

    /// Scans `1*DIGIT` into an `Int`; `nil` if there are no digits or the value overflows.
    private static func scanNumber(_ scanner: inout HTTPFieldScanner) -> Int? {
        var value = 0
        var sawDigit = false
        while let byte = scanner.current, byte &- UInt8(ascii: "0") < 10 {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            value = sum
            sawDigit = true
            scanner.index += 1
        }
        return sawDigit ? value : nil
    }
}

/// Writes the `Content-Range` response field (RFC 9110 §14.4).
///
/// ```swift
/// ContentRange.header(0...499, length: 1234)   // "bytes 0-499/1234"
/// ContentRange.unsatisfiedHeader(length: 1234) // "bytes */1234"
/// ```
package enum ContentRange {
    /// The value for a 206 response or a multipart part: `bytes first-last/length`.
    package static func header(_ range: ClosedRange<Int>, length: Int) -> String {
        "bytes \(range.lowerBound)-\(range.upperBound)/\(length)"
    }

    /// The value for a 416 response: `bytes */length` (RFC 9110 §15.5.17).
    package static func unsatisfiedHeader(length: Int) -> String {
        "bytes */\(length)"
    }
}
