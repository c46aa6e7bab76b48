import FoundationEssentials

extension MessagePackEncoder {
    /// Encodes `value` into `slot` of `builder`: its override if it has one, else its
    /// MessagePack form. Every encoding path (top level, containers, `encode(to:)` of single
    /// values) goes through here, so overrides apply to every value.
    func encode<T: Encodable>(_ value: T, into builder: MessagePackNodeBuilder, slot: Int) throws {
        if !typeEncoders.isEmpty, let replacement = try typeEncoders.replacement(for: value) {
            // Opens the existential; the replacement skips the lookup so `Date → Date` cannot loop.
            try encodeWithoutOverride(replacement, into: builder, slot: slot)
        } else {
            try encodeWithoutOverride(value, into: builder, slot: slot)
        }
    }

    private func encodeWithoutOverride<T: Encodable>(_ value: T, into builder: MessagePackNodeBuilder, slot: Int) throws {
        if let node = try Self.node(for: value, codingPath: builder.codingPath(ofSlot: slot)) {
            builder.values[slot] = node
            return
        }
        // `value` will open a container one level below `builder`: stop before the stack
        // grows past what the decoder accepts (this also ends runaway recursive values).
        guard builder.depth < MessagePackFormat.maximumDepth else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: builder.codingPath(ofSlot: slot),
                debugDescription: "Value nests deeper than \(MessagePackFormat.maximumDepth) arrays or maps."))
        }
        try value.encode(to: MessagePackValueEncoder(encoder: self, builder: builder, slot: slot))
    }

    /// The node for a value MessagePack (or Strata) writes natively, or `nil` to let the
    /// value encode itself. `T.self ==` comparisons are cheap and specialize away; each
    /// `as!` only runs after its type test succeeded, so it cannot fail.
    static func node<T>(for value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> MessagePackNode? {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .integer(value as! Int) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Double.self { return .double(value as! Double) }
        if T.self == Float.self { return .float(value as! Float) }
        if T.self == Int64.self { return .integer(value as! Int64) }
        if T.self == Int32.self { return .integer(value as! Int32) }
        if T.self == Int16.self { return .integer(value as! Int16) }
        if T.self == Int8.self { return .integer(value as! Int8) }
        if T.self == UInt.self { return .integer(value as! UInt) }
        if T.self == UInt64.self { return .integer(value as! UInt64) }
        if T.self == UInt32.self { return .integer(value as! UInt32) }
        if T.self == UInt16.self { return .integer(value as! UInt16) }
        if T.self == UInt8.self { return .integer(value as! UInt8) }
        if T.self == [UInt8].self { return .binary(value as! [UInt8]) }
        if T.self == Data.self { return .data(value as! Data) }
        if T.self == Date.self {
            let date = value as! Date
            guard let timestamp = MessagePackTimestamp(date) else {
                // The interval, not the Date: describing a non-finite Date traps in Foundation.
                throw EncodingError.invalidValue(date.timeIntervalSince1970, EncodingError.Context(
                    codingPath: codingPath(),
                    debugDescription: "Date \(date.timeIntervalSince1970) is not finite or outside a MessagePack timestamp's range."))
            }
            return .timestamp(timestamp)
        }
        if T.self == MessagePackExtension.self {
            let ext = value as! MessagePackExtension
            return .ext(type: ext.type, data: ext.data)
        }
        // Foundation's own Codable forms do not suit MessagePack: UUID's is uppercase, URL's
        // is a keyed {relative, base} pair, and Decimal's is a keyed mantissa/exponent record.
        if T.self == UUID.self { return .string((value as! UUID).uuidString.lowercased()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .string((value as! Decimal).description) }
        if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *) {
            if T.self == Int128.self { return try wideInteger(value as! Int128, codingPath: codingPath()) }
            if T.self == UInt128.self { return try wideInteger(value as! UInt128, codingPath: codingPath()) }
        }
        return nil
    }

    /// A 128-bit integer, which MessagePack can only carry when it fits in 64 bits.
    private static func wideInteger<I: BinaryInteger & Encodable>(_ value: I, codingPath: [any CodingKey]) throws -> MessagePackNode {
        guard let node = MessagePackNode.integer(value) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "\(value) is outside MessagePack's integer range (-2^63 ... 2^64-1)."))
        }
        return node
    }
}
