import FoundationEssentials

extension MessagePackDocument {
    /// Decodes the value at `offset` as a `T`: natively for the types MessagePack (or
    /// Strata) gives a wire form, else through `T.init(from:)`. `codingPath` is evaluated
    /// only for errors and nested decoders.
    ///
    /// Each `as! T` runs only after `T.self ==` the decoded type, so it cannot fail.
    func decode<T: Decodable>(_ type: T.Type, at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> T {
        if T.self == String.self { return try decodeString(at: offset, codingPath: codingPath()) as! T }
        if T.self == Int.self { return try decodeInteger(Int.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == Bool.self { return try decodeBool(at: offset, codingPath: codingPath()) as! T }
        if T.self == Double.self { return try decodeDouble(at: offset, codingPath: codingPath()) as! T }
        if T.self == Float.self { return try decodeFloat(at: offset, codingPath: codingPath()) as! T }
        if T.self == Int64.self { return try decodeInteger(Int64.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == Int32.self { return try decodeInteger(Int32.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == Int16.self { return try decodeInteger(Int16.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == Int8.self { return try decodeInteger(Int8.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == UInt.self { return try decodeInteger(UInt.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == UInt64.self { return try decodeInteger(UInt64.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == UInt32.self { return try decodeInteger(UInt32.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == UInt16.self { return try decodeInteger(UInt16.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == UInt8.self { return try decodeInteger(UInt8.self, at: offset, codingPath: codingPath()) as! T }
        if T.self == [UInt8].self || T.self == Data.self, case .binary(let range) = try token(at: offset).token {
            return T.self == Data.self ? Data(bytes[range]) as! T : Array(bytes[range]) as! T
        }
        if T.self == Date.self { return try decodeDate(at: offset, codingPath: codingPath()) as! T }
        if T.self == MessagePackExtension.self { return try decodeExtension(at: offset, codingPath: codingPath()) as! T }
        if T.self == UUID.self {
            let text = try decodeString(at: offset, codingPath: codingPath())
            guard let uuid = UUID(uuidString: text) else { throw corrupted("Invalid UUID string \"\(text)\"", codingPath()) }
            return uuid as! T
        }
        if T.self == URL.self {
            let text = try decodeString(at: offset, codingPath: codingPath())
            guard let url = URL(string: text) else { throw corrupted("Invalid URL string \"\(text)\"", codingPath()) }
            return url as! T
        }
        if T.self == Decimal.self { return try decodeDecimal(at: offset, codingPath: codingPath()) as! T }
        if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *) {
            if T.self == Int128.self { return try decodeInteger(Int128.self, at: offset, codingPath: codingPath()) as! T }
            if T.self == UInt128.self { return try decodeInteger(UInt128.self, at: offset, codingPath: codingPath()) as! T }
        }
        return try T(from: MessagePackValueDecoder(document: self, offset: offset, codingPath: codingPath()))
    }

    func decodeNil(at offset: Int) throws -> Bool {
        if case .null = try token(at: offset).token { return true }
        return false
    }

    func decodeBool(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        let token = try token(at: offset).token
        guard case .bool(let value) = token else { throw mismatch(Bool.self, token, codingPath()) }
        return value
    }

    /// Any int format into any integer type that holds the value exactly.
    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type, at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> I {
        let token = try token(at: offset).token
        let value: I?
        switch token {
        case .unsigned(let number): value = I(exactly: number)
        case .signed(let number): value = I(exactly: number)
        default: throw mismatch(I.self, token, codingPath())
        }
        guard let value else {
            let number: String = switch token {
            case .unsigned(let number): String(number)
            case .signed(let number): String(number)
            default: "?"
            }
            throw corrupted("Number \(number) does not fit in \(I.self)", codingPath())
        }
        return value
    }

    func decodeDouble(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        let token = try token(at: offset).token
        switch token {
        case .double(let value): return value
        case .float(let value): return Double(value)
        case .unsigned(let value): return Double(value)
        case .signed(let value): return Double(value)
        default: throw mismatch(Double.self, token, codingPath())
        }
    }

    func decodeFloat(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Float {
        let token = try token(at: offset).token
        switch token {
        case .float(let value):
            return value
        case .double(let value):
            // As JSONDecoder does: rounding is fine, turning a finite number into ∞ is not.
            guard !value.isFinite || value.magnitude <= Double(Float.greatestFiniteMagnitude) else {
                throw corrupted("Number \(value) does not fit in Float", codingPath())
            }
            return Float(value)
        case .unsigned(let value): return Float(value)
        case .signed(let value): return Float(value)
        default: throw mismatch(Float.self, token, codingPath())
        }
    }

    func decodeString(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        let token = try token(at: offset).token
        guard case .string(let range) = token else { throw mismatch(String.self, token, codingPath()) }
        // Spec "str format family": str holds UTF-8; refuse invalid sequences rather than
        // silently replacing them with U+FFFD.
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw corrupted("Invalid UTF-8 in the str at offset \(offset)", codingPath())
        }
        return text
    }

    /// A timestamp extension, or a plain number of seconds since 1970.
    func decodeDate(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Date {
        let token = try token(at: offset).token
        switch token {
        case .ext(MessagePackFormat.timestampType, let payload):
            guard let timestamp = MessagePackTimestamp(payload: bytes[payload]) else {
                throw corrupted("Invalid timestamp: a \(payload.count)-byte payload (expected 4, 8 or 12) or nanoseconds of 1 000 000 000 or more", codingPath())
            }
            return timestamp.date
        case .unsigned(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case .signed(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case .float(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case .double(let seconds): return Date(timeIntervalSince1970: seconds)
        default: throw mismatch(Date.self, token, codingPath())
        }
    }

    func decodeExtension(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> MessagePackExtension {
        let token = try token(at: offset).token
        guard case .ext(let type, let payload) = token else { throw mismatch(MessagePackExtension.self, token, codingPath()) }
        return MessagePackExtension(type: type, data: Array(bytes[payload]))
    }

    /// A decimal string (as `MessagePackEncoder` writes it), or any number.
    func decodeDecimal(at offset: Int, codingPath: @autoclosure () -> [any CodingKey]) throws -> Decimal {
        let token = try token(at: offset).token
        switch token {
        case .string:
            let text = try decodeString(at: offset, codingPath: codingPath())
            // `Decimal.nan.description` is "NaN", which `Decimal(string:)` does not parse.
            if text == "NaN" { return .nan }
            // `Decimal(string:)` accepts a valid prefix ("1abc" → 1): check the whole text first.
            guard Self.isDecimalLiteral(text.utf8), let decimal = Decimal(string: text) else {
                throw corrupted("Invalid decimal string \"\(text)\"", codingPath())
            }
            return decimal
        case .unsigned(let value): return Decimal(value)
        case .signed(let value): return Decimal(value)
        case .float(let value): return Decimal(Double(value))
        case .double(let value): return Decimal(value)
        default: throw mismatch(Decimal.self, token, codingPath())
        }
    }

    /// Whether `text` is `[+-]digits[.digits][(e|E)[+-]digits]` with at least one mantissa digit.
    static func isDecimalLiteral(_ text: String.UTF8View) -> Bool {
        var bytes = text[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        func skip(_ allowed: String) -> Bool {
            guard let first = bytes.first, allowed.utf8.contains(first) else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        _ = skip("+-")
        var mantissa = digits()
        if skip(".") { mantissa += digits() }
        guard mantissa > 0 else { return false }
        if skip("eE") {
            _ = skip("+-")
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// `valueNotFound` for nil where a value is required, else `typeMismatch`.
    func mismatch(_ type: Any.Type, _ token: MessagePackToken, _ codingPath: [any CodingKey]) -> DecodingError {
        if case .null = token {
            return .valueNotFound(type, DecodingError.Context(
                codingPath: codingPath, debugDescription: "Expected \(type) value but found nil instead."))
        }
        return .typeMismatch(type, DecodingError.Context(
            codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(token.kind) instead."))
    }

    /// `dataCorrupted` for a well-formed value that is invalid for its type; the message
    /// names the coding path.
    func corrupted(_ message: String, _ codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(
            codingPath: codingPath, debugDescription: "\(message) at \(describeCodingPath(codingPath))."))
    }
}
