/// Decodes the chunked transfer coding (RFC 9112 §7.1) as bytes arrive, in any split.
///
/// Strict where leniency lets requests be smuggled: chunk sizes are hex digits only and chunk
/// data must be followed by a line end. Like nginx, a bare LF ends a line as CRLF does (RFC
/// 9112 §2.2). Extensions are skipped (bounded), and trailer fields are read and dropped
/// (§7.1.2 lets a recipient discard them).
struct ChunkedBodyDecoder {
    enum Progress: Equatable {
        /// Everything given was consumed; more is needed.
        case needMore
        /// The body ended; `consumed` bytes of the input belonged to it.
        case done(consumed: Int)
        /// The body would exceed the limit.
        case tooLarge
        /// The coding is malformed.
        case failed(HTTPParseError)
    }

    private enum State: Equatable {
        case size
        case sizeWhitespace
        case extensions
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine
        case trailerLF(endsBody: Bool)
    }

    /// The most body bytes accepted.
    let limit: Int
    /// The most bytes of extensions per chunk and of trailer fields in all.
    let maxMetadataBytes: Int

    private var state = State.size
    private var size = 0
    private var sizeDigits = 0
    private var metadataBytes = 0
    private(set) var bodyLength = 0

    init(limit: Int, maxMetadataBytes: Int = 16 * 1024) {
        self.limit = limit
        self.maxMetadataBytes = maxMetadataBytes
    }

    /// Consumes `input`, appending chunk data to `body`.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) -> Progress {
        var index = 0
        while index < input.count {
            let byte = input[index]
            switch state {
            case .size:
                if let digit = Self.hexValue(byte) {
                    // More than 15 hex digits cannot be a size anyone sends; it overflows Int.
                    guard sizeDigits < 15 else { return .failed(.badRequest("chunk size too long")) }
                    size = size << 4 | digit
                    sizeDigits += 1
                } else if sizeDigits == 0 {
                    return .failed(.badRequest("chunk without a size"))
                } else if byte == .cr {
                    state = .sizeLF
                } else if byte == .lf {
                    index += 1
                    if let progress = endSizeLine() { return progress }
                    continue
                } else if byte == UInt8(ascii: ";") {
                    state = .extensions
                } else if byte == .space || byte == .tab {
                    state = .sizeWhitespace
                } else {
                    return .failed(.badRequest("invalid character in a chunk size"))
                }
                index += 1
            case .sizeWhitespace:
                // BWS may precede ";" (§7.1.1) — and nothing else: "5 6" is not a size.
                if byte == UInt8(ascii: ";") {
                    state = .extensions
                } else if byte == .cr {
                    state = .sizeLF
                } else if byte == .lf {
                    index += 1
                    if let progress = endSizeLine() { return progress }
                    continue
                } else if byte != .space && byte != .tab {
                    return .failed(.badRequest("invalid character after a chunk size"))
                }
                index += 1
            case .extensions:
                if byte == .cr {
                    state = .sizeLF
                } else if byte == .lf {
                    index += 1
                    if let progress = endSizeLine() { return progress }
                    continue
                } else if byte < 0x09 || (byte > 0x09 && byte < 0x20) || byte == 0x7F {
                    return .failed(.badRequest("control character in a chunk extension"))
                } else {
                    metadataBytes += 1
                    if metadataBytes > maxMetadataBytes { return .failed(.badRequest("chunk extensions too long")) }
                }
                index += 1
            case .sizeLF:
                guard byte == .lf else { return .failed(.badRequest("chunk size line not ended by CRLF")) }
                index += 1
                if let progress = endSizeLine() { return progress }
            case .data(let remaining):
                let take = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + take)]))
                bodyLength += take
                index += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
            case .dataCR:
                if byte == .lf {
                    state = .size
                } else {
                    guard byte == .cr else { return .failed(.badRequest("chunk data not followed by CRLF")) }
                    state = .dataLF
                }
                index += 1
            case .dataLF:
                guard byte == .lf else { return .failed(.badRequest("chunk data not followed by CRLF")) }
                state = .size
                index += 1
            case .trailerLineStart:
                if byte == .lf { return .done(consumed: index + 1) }
                state = byte == .cr ? .trailerLF(endsBody: true) : .trailerLine
                if byte != .cr {
                    // A trailer field: the same grammar as a header line, checked loosely.
                    guard HTTPToken.isTokenCharacter(byte) else { return .failed(.badRequest("malformed trailer field")) }
                    metadataBytes += 1
                }
                index += 1
            case .trailerLine:
                if byte == .cr {
                    state = .trailerLF(endsBody: false)
                } else if byte == .lf {
                    state = .trailerLineStart
                } else if byte < 0x09 || (byte > 0x09 && byte < 0x20) || byte == 0x7F {
                    return .failed(.badRequest("control character in a trailer field"))
                } else {
                    metadataBytes += 1
                    if metadataBytes > maxMetadataBytes { return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "trailer fields too long")) }
                }
                index += 1
            case .trailerLF(let endsBody):
                guard byte == .lf else { return .failed(.badRequest("trailer line not ended by CRLF")) }
                index += 1
                if endsBody { return .done(consumed: index) }
                state = .trailerLineStart
            }
        }
        return .needMore
    }

    /// After a chunk-size line: the data that follows, or the trailer section after the last chunk.
    private mutating func endSizeLine() -> Progress? {
        defer {
            size = 0
            sizeDigits = 0
        }
        if size == 0 {
            state = .trailerLineStart
            return nil
        }
        guard size <= limit - bodyLength else { return .tooLarge }
        state = .data(remaining: size)
        return nil
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
