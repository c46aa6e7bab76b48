/// A complete MessagePack message, checked once up front and then decoded in place.
///
/// `init(validating:)` walks every value without recursion or allocation per value and
/// refuses the message unless it is exactly one well-formed value: every declared length and
/// element count is checked against the bytes that remain (so a 4 GiB str 32 header on ten
/// bytes fails at once instead of allocating), nesting is limited to 512 arrays/maps, and
/// nothing may follow the value. Decoding afterwards reads values straight from `bytes`.
///
/// While walking, it records where every non-empty array and map ends, so skipping a nested
/// value (to reach the next key or element) costs one binary search instead of a walk of
/// the value: decoding stays O(n log n) however deep a hostile message nests.
final class MessagePackDocument {
    let bytes: [UInt8]
    /// Offsets of non-empty arrays and maps, in pre-order, hence ascending.
    private var containerStarts: [Int] = []
    /// `containerEnds[i]` is the offset just past the container at `containerStarts[i]`.
    private var containerEnds: [Int] = []

    /// The offset `superDecoder(forKey:)` hands out for a missing key: it reads as nil,
    /// as Foundation's decoders do.
    static let missingValueOffset = -1

    init(validating bytes: [UInt8]) throws {
        self.bytes = bytes
        // Elements still expected by each open container, and its index in the tables.
        var open: [(remaining: Int, entry: Int)] = []
        var offset = 0
        repeat {
            let start = offset
            let (token, next) = try token(at: offset)
            offset = next
            switch token {
            case .array(let count), .map(let count):
                guard open.count < MessagePackFormat.maximumDepth else {
                    throw Self.corrupted("MessagePack data nests deeper than \(MessagePackFormat.maximumDepth) arrays or maps (at offset \(start)).")
                }
                guard count > 0 else { break }
                let isMap: Bool
                if case .map = token { isMap = true } else { isMap = false }
                let elements = isMap ? count * 2 : count
                // Every element takes at least one byte, so a count above the bytes left is
                // a lie; refusing it here keeps hostile counts from driving any allocation.
                guard elements <= bytes.count - offset else {
                    throw Self.corrupted("Truncated MessagePack data: the \(isMap ? "map" : "array") at offset \(start) declares \(count) \(isMap ? "entries" : "elements") but only \(bytes.count - offset) bytes remain.")
                }
                containerStarts.append(start)
                containerEnds.append(0)
                open.append((elements, containerStarts.count - 1))
                continue
            default:
                break
            }
            // One value finished: close every container it completes.
            while let last = open.indices.last {
                open[last].remaining -= 1
                guard open[last].remaining == 0 else { break }
                containerEnds[open[last].entry] = offset
                open.removeLast()
            }
        } while !open.isEmpty
        guard offset == bytes.count else {
            throw Self.corrupted("Unexpected trailing data: the MessagePack value ends at offset \(offset) but \(bytes.count - offset) more bytes follow.")
        }
    }

    /// The offset just past the whole value at `offset` (header, payload and elements).
    func end(ofValueAt offset: Int) throws -> Int {
        let (token, next) = try token(at: offset)
        switch token {
        case .array(let count) where count > 0, .map(let count) where count > 0:
            return try end(ofContainerAt: offset)
        default:
            return next
        }
    }

    private func end(ofContainerAt offset: Int) throws -> Int {
        var low = 0
        var high = containerStarts.count
        while low < high {
            let middle = (low + high) / 2
            if containerStarts[middle] < offset { low = middle + 1 } else { high = middle }
        }
        guard low < containerStarts.count, containerStarts[low] == offset else {
            throw Self.corrupted("Internal error: no array or map was recorded at offset \(offset).")
        }
        return containerEnds[low]
    }

    /// A `dataCorrupted` error about the message itself (no coding path applies yet).
    static func corrupted(_ message: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: message))
    }
}
