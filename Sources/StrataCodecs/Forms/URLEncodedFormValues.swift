import FoundationEssentials

/// Turns form nodes into values: the scalar parsers and the errors that name form fields.
enum URLEncodedFormValues {
    /// Decodes `type` from `node`, the value at `path`.
    static func unbox<T: Decodable>(_ type: T.Type, from node: URLEncodedFormNode, at path: [any CodingKey]) throws -> T {
        if let optional = T.self as? any URLEncodedFormOptional.Type {
            // `decodeFromForm` returns `Self`, which is `T` here, so the cast always succeeds.
            guard let value = try optional.decodeFromForm(node, at: path) as? T else {
                throw DecodingError.typeMismatch(T.self, context(path, "Could not decode an optional."))
            }
            return value
        }
        if T.self == String.self { return try cast(text(node, path, String.self), T.self, path) }
        if T.self == Bool.self { return try cast(bool(node, path), T.self, path) }
        if T.self == Int.self { return try cast(integer(Int.self, node, path), T.self, path) }
        if T.self == Int8.self { return try cast(integer(Int8.self, node, path), T.self, path) }
        if T.self == Int16.self { return try cast(integer(Int16.self, node, path), T.self, path) }
        if T.self == Int32.self { return try cast(integer(Int32.self, node, path), T.self, path) }
        if T.self == Int64.self { return try cast(integer(Int64.self, node, path), T.self, path) }
        if T.self == Int128.self { return try cast(integer(Int128.self, node, path), T.self, path) }
        if T.self == UInt.self { return try cast(integer(UInt.self, node, path), T.self, path) }
        if T.self == UInt8.self { return try cast(integer(UInt8.self, node, path), T.self, path) }
        if T.self == UInt16.self { return try cast(integer(UInt16.self, node, path), T.self, path) }
        if T.self == UInt32.self { return try cast(integer(UInt32.self, node, path), T.self, path) }
        if T.self == UInt64.self { return try cast(integer(UInt64.self, node, path), T.self, path) }
        if T.self == UInt128.self { return try cast(integer(UInt128.self, node, path), T.self, path) }
        if T.self == Double.self { return try cast(floatingPoint(Double.self, node, path), T.self, path) }
        if T.self == Float.self { return try cast(floatingPoint(Float.self, node, path), T.self, path) }
        // These four would decode as keyed or numeric values through their own `init(from:)`.
        if T.self == Decimal.self { return try cast(decimal(node, path), T.self, path) }
        if T.self == UUID.self { return try cast(uuid(node, path), T.self, path) }
        if T.self == Date.self { return try cast(date(node, path), T.self, path) }
        if T.self == URL.self { return try cast(url(node, path), T.self, path) }
        let isDictionary = T.self is any URLEncodedFormDictionary.Type
        return try T(from: URLEncodedFormDecoding(node: node, codingPath: path, absentIsEmpty: isDictionary))
    }

    private static func cast<Value, T>(_ value: Value, _ type: T.Type, _ path: [any CodingKey]) throws -> T {
        guard let result = value as? T else {
            throw DecodingError.typeMismatch(T.self, context(path, "Internal type mismatch."))
        }
        return result
    }

    // MARK: Scalars

    /// The single value at `node` (its last one), or the error for a missing or nested field.
    static func text(_ node: URLEncodedFormNode, _ path: [any CodingKey], _ type: Any.Type) throws -> String {
        if let value = node.values.last { return value }
        if node.isAbsent { throw missing(path, type) }
        throw DecodingError.typeMismatch(type, context(
            path, "Form field '\(fieldName(path))' must be a single value, but the form has nested fields under it."
        ))
    }

    /// `text` with surrounding spaces removed; an empty value is an error naming the field.
    private static func token(_ node: URLEncodedFormNode, _ path: [any CodingKey], _ type: Any.Type, _ expected: String) throws -> String {
        let value = try text(node, path, type)
        var trimmed = value.utf8[...]
        while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed.removeFirst() }
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed.removeLast() }
        let result = String(Substring(trimmed))
        guard !result.isEmpty else {
            throw DecodingError.valueNotFound(type, context(path, "Form field '\(fieldName(path))' is empty; expected \(expected)."))
        }
        return result
    }

    private static func bool(_ node: URLEncodedFormNode, _ path: [any CodingKey]) throws -> Bool {
        let value = try token(node, path, Bool.self, "a boolean")
        switch value.lowercased() {
        case "true", "on", "yes", "1": return true
        case "false", "off", "no", "0": return false
        default: throw invalid(Bool.self, path, value, "true, false, on, off, yes, no, 1 or 0")
        }
    }

    private static func integer<I: FixedWidthInteger>(_ type: I.Type, _ node: URLEncodedFormNode, _ path: [any CodingKey]) throws -> I {
        let value = try token(node, path, I.self, "an integer")
        if let result = I(value, radix: 10) { return result }
        var digits = value.utf8[...]
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { digits.removeFirst() }
        if !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            throw outOfRange(path, value, "\(I.self) (\(I.min)...\(I.max))")
        }
        throw invalid(I.self, path, value, "an integer")
    }

    private static func floatingPoint<F: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: F.Type, _ node: URLEncodedFormNode, _ path: [any CodingKey]
    ) throws -> F {
        let value = try token(node, path, F.self, "a number")
        // `Double("nan")`, `"inf"` and hex floats parse in Swift; a form number is plain decimal.
        guard isDecimalNumber(value), let result = F(value) else { throw invalid(F.self, path, value, "a number") }
        guard result.isFinite else {
            throw outOfRange(path, value, "\(F.self)")
        }
        return result
    }

    private static func decimal(_ node: URLEncodedFormNode, _ path: [any CodingKey]) throws -> Decimal {
        let value = try token(node, path, Decimal.self, "a number")
        // `Decimal(string:)` stops at the first bad character ("12abc" → 12), so check first.
        guard isDecimalNumber(value), let result = Decimal(string: value), !result.isNaN else {
            throw invalid(Decimal.self, path, value, "a number")
        }
        return result
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, with digits on at least one side of the point.
    static func isDecimalNumber(_ value: String) -> Bool {
        var bytes = value.utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var mantissaDigits = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    private static func uuid(_ node: URLEncodedFormNode, _ path: [any CodingKey]) throws -> UUID {
        let value = try token(node, path, UUID.self, "a UUID")
        guard let result = UUID(uuidString: value) else { throw invalid(UUID.self, path, value, "a UUID") }
        return result
    }

    private static func date(_ node: URLEncodedFormNode, _ path: [any CodingKey]) throws -> Date {
        let value = try token(node, path, Date.self, "a date")
        // An HTML `<input type=date>` sends a bare `YYYY-MM-DD`; read it as midnight UTC.
        let full = value.utf8.count == 10 ? value + "T00:00:00Z" : value
        guard let result = JSONDateParsing.parseISO8601(full) else {
            throw invalid(Date.self, path, value, "an ISO 8601 date like 2026-11-23T11:36:13Z or 2026-11-23")
        }
        return result
    }

    private static func url(_ node: URLEncodedFormNode, _ path: [any CodingKey]) throws -> URL {
        let value = try text(node, path, URL.self)
        guard !value.isEmpty, let result = URL(string: value) else { throw invalid(URL.self, path, value, "a URL") }
        return result
    }

    // MARK: Errors

    /// `address[city]`, `tags[2]`: the field as it is named in the form.
    static func fieldName(_ path: [any CodingKey]) -> String {
        guard let first = path.first else { return "(form)" }
        return path.dropFirst().reduce(first.stringValue) { name, key in
            name + "[" + (key.intValue.map(String.init) ?? key.stringValue) + "]"
        }
    }

    static func context(_ path: [any CodingKey], _ description: String) -> DecodingError.Context {
        DecodingError.Context(codingPath: path, debugDescription: description)
    }

    /// `keyNotFound` for the last key of `path`, as `JSONDecoder` reports a missing field.
    static func missing(_ path: [any CodingKey], _ type: Any.Type) -> DecodingError {
        guard let key = path.last else {
            return .valueNotFound(type, context(path, "The form is empty."))
        }
        return .keyNotFound(key, context(Array(path.dropLast()), "Form field '\(fieldName(path))' is missing."))
    }

    private static func outOfRange(_ path: [any CodingKey], _ value: String, _ range: String) -> DecodingError {
        .dataCorrupted(context(path, "Form field '\(fieldName(path))' is out of range for \(range): \"\(value)\"."))
    }

    private static func invalid(_ type: Any.Type, _ path: [any CodingKey], _ value: String, _ expected: String) -> DecodingError {
        .typeMismatch(type, context(path, "Form field '\(fieldName(path))' must be \(expected); found \"\(value)\"."))
    }
}

/// Lets `unbox` see through `Optional` and apply the form rules for nil.
protocol URLEncodedFormOptional {
    static func decodeFromForm(_ node: URLEncodedFormNode, at path: [any CodingKey]) throws -> Self
}

extension Optional: URLEncodedFormOptional where Wrapped: Decodable {
    /// `nil` for a missing name, and for an empty value unless `Wrapped` is `String`.
    static func decodeFromForm(_ node: URLEncodedFormNode, at path: [any CodingKey]) throws -> Self {
        if node.isAbsent { return nil }
        if node.isEmptyValue && Wrapped.self != String.self { return nil }
        return try URLEncodedFormValues.unbox(Wrapped.self, from: node, at: path)
    }
}

/// Dictionaries, which a form cannot send empty, so a missing name decodes as `[:]`.
protocol URLEncodedFormDictionary {}

extension Dictionary: URLEncodedFormDictionary {}
