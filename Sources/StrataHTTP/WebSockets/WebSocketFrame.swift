/// One frame as it travels (RFC 6455 §5.2), its payload unmasked.
package struct WebSocketFrame: Sendable, Equatable {
    package var fin: Bool
    /// The RSV1–RSV3 bits as they stand in the first byte (0x40, 0x20, 0x10); RSV1 marks a
    /// compressed message under permessage-deflate.
    package var reserved: UInt8
    package var opcode: WebSocketOpcode
    package var payload: [UInt8]

    package init(fin: Bool = true, reserved: UInt8 = 0, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.reserved = reserved
        self.opcode = opcode
        self.payload = payload
    }

    /// What parsing the front of a buffer found.
    package enum Parse: Equatable {
        /// The frame is not all there yet.
        case incomplete
        /// A frame, and the bytes it took.
        case frame(WebSocketFrame, consumed: Int)
        /// Bytes no conforming peer sends: the connection fails with this code.
        case failed(WebSocketCloseCode)
    }

    /// Parses one frame from the front of `buffer`.
    ///
    /// `expectsMask`: a server requires every frame masked, a client none (§5.1). A frame
    /// longer than `maxPayload` fails with 1009 as soon as its header is read, before its
    /// payload is waited for.
    package static func parse(_ buffer: UnsafeBufferPointer<UInt8>, expectsMask: Bool, maxPayload: Int) -> Parse {
        guard buffer.count >= 2 else { return .incomplete }
        let first = buffer[0], second = buffer[1]
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { return .failed(.protocolError) }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        guard masked == expectsMask else { return .failed(.protocolError) }
        var length = Int(second & 0x7F)
        var offset = 2
        if opcode.isControl {
            // §5.5: control frames carry at most 125 bytes and are never fragmented.
            guard fin, length <= 125 else { return .failed(.protocolError) }
        } else if length == 126 {
            guard buffer.count >= 4 else { return .incomplete }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return .incomplete }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(buffer[index]) }
            // §5.2: the most significant bit must be 0.
            guard value >> 63 == 0 else { return .failed(.protocolError) }
            guard value <= UInt64(maxPayload) else { return .failed(.messageTooBig) }
            length = Int(value)
            offset = 10
        }
        guard length <= maxPayload else { return .failed(.messageTooBig) }
        let maskOffset = offset
        if masked { offset += 4 }
        guard buffer.count - offset >= length else { return .incomplete }
        // Not `Array(unsafeUninitializedCapacity: 0)` for an empty payload: the standard
        // library then stores the count into the one empty-array storage every thread's empty
        // arrays share, a write that races with any other thread reading an empty array
        // (ThreadSanitizer reports it).
        var payload = length == 0 ? [] : [UInt8](unsafeUninitializedCapacity: length) { storage, initialized in
            storage.baseAddress!.initialize(from: buffer.baseAddress! + offset, count: length)
            initialized = length
        }
        if masked {
            let key = (buffer[maskOffset], buffer[maskOffset + 1], buffer[maskOffset + 2], buffer[maskOffset + 3])
            applyMask(key, to: &payload)
        }
        return .frame(WebSocketFrame(fin: fin, reserved: first & 0x70, opcode: opcode, payload: payload), consumed: offset + length)
    }

    /// XORs `bytes` with the four-byte masking key (§5.3), eight bytes at a time.
    package static func applyMask(_ key: (UInt8, UInt8, UInt8, UInt8), to bytes: inout [UInt8]) {
        let keyBytes = [key.0, key.1, key.2, key.3]
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var wide: UInt64 = 0
            for index in 0..<8 { wide |= UInt64(keyBytes[index & 3]) << (8 * UInt64(index)) }
            var index = 0
            while index + 8 <= buffer.count {
                let raw = UnsafeMutableRawPointer(base + index)
                raw.storeBytes(of: raw.loadUnaligned(as: UInt64.self) ^ wide.littleEndian, as: UInt64.self)
                index += 8
            }
            while index < buffer.count {
                base[index] ^= keyBytes[index & 3]
                index += 1
            }
        }
    }

    /// Appends a frame to `output`: header, then the payload — masked with `maskingKey` when
    /// one is given (a client's frames), as is (a server's).
    package static func append(fin: Bool = true, reserved: UInt8 = 0, opcode: WebSocketOpcode, payload: [UInt8],
                               maskingKey: (UInt8, UInt8, UInt8, UInt8)? = nil, into output: inout [UInt8]) {
        output.append((fin ? 0x80 : 0) | reserved | opcode.rawValue)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        let length = payload.count
        if length < 126 {
            output.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            output += [maskBit | 126, UInt8(length >> 8), UInt8(length & 0xFF)]
        } else {
            output.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: length >> shift)) }
        }
        if let key = maskingKey {
            output += [key.0, key.1, key.2, key.3]
            var masked = payload
            applyMask(key, to: &masked)
            output += masked
        } else {
            output += payload
        }
    }
}
