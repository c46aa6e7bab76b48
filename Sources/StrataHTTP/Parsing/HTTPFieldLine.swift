/// One field line: `field-name ":" OWS field-value OWS` (RFC 9112 §5).
enum HTTPFieldLine {
    /// The field's name and value, or `nil` for a line to ignore: a name with characters a
    /// token cannot hold — what nginx's `ignore_invalid_headers` drops. Such a field never
    /// reaches the app. A line without a colon is not a field line at all (RFC 9112 §5) and
    /// is refused, as h11 and uvicorn do; so is whitespace before the colon, or a control.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError) -> (String, String)? {
        let first = bytes[line.lowerBound]
        // RFC 9112 §5.2: obs-fold is refused outside message/http.
        if first == .space || first == .tab {
            throw .badRequest("obsolete line folding")
        }
        var index = line.lowerBound
        while index < line.upperBound, HTTPToken.isTokenCharacter(bytes[index]) { index += 1 }
        guard index < line.upperBound, bytes[index] == .colon else {
            // RFC 9112 §5.1: whitespace between the name and the colon MUST be answered with
            // 400 — it is how one proxy sees a header another does not.
            if index < line.upperBound, bytes[index] == .space || bytes[index] == .tab {
                throw .badRequest("whitespace between a field name and its colon")
            }
            var hasColon = false
            for position in index..<line.upperBound {
                let byte = bytes[position]
                if byte < 0x20 && byte != .tab || byte == 0x7F { throw .badRequest("control character in a field line") }
                if byte == .colon { hasColon = true }
            }
            guard hasColon else { throw .badRequest("field line without a colon") }
            return nil
        }
        guard index > line.lowerBound else { throw .badRequest("empty field name") }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.lowerBound..<index]), as: UTF8.self)

        var valueStart = index + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, bytes[valueStart] == .space || bytes[valueStart] == .tab { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == .space || bytes[valueEnd - 1] == .tab { valueEnd -= 1 }
        for position in valueStart..<valueEnd {
            let byte = bytes[position]
            // field-vchar / SP / HTAB; CR, LF and NUL in particular are never accepted (§5.5).
            if (byte < 0x20 && byte != .tab) || byte == 0x7F {
                throw .badRequest("control character in the value of \(name)")
            }
        }
        let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
        return (name, value)
    }
}
