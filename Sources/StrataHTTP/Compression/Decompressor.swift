import CStrataZlib
#if STRATA_BROTLI
import CStrataBrotli
#endif

/// Decompresses a body in one coding, refusing to produce more than a limit: a few kilobytes
/// of gzip can inflate to gigabytes. Used by the tests, and by what decodes request bodies.
package enum Decompressor {
    package enum Failure: Error, Equatable {
        /// The bytes are not in the coding, or end early.
        case malformed
        /// Decompressed, they would exceed the limit.
        case tooLarge
    }

    /// The decompressed bytes of `input`, at most `limit` of them. With `allowingTruncation`,
    /// a body that has not ended yet (a stream read so far) gives what it decodes to.
    package static func decompress(_ input: [UInt8], coding: ContentCoding, limit: Int = 64 << 20,
                                   allowingTruncation: Bool = false) throws(Failure) -> [UInt8] {
        switch coding {
        case .gzip, .deflate:
            return try inflate(input, windowBits: coding == .gzip ? 31 : 15, limit: limit, allowingTruncation: allowingTruncation)
        case .brotli:
            #if STRATA_BROTLI
            return try brotliDecode(input, limit: limit, allowingTruncation: allowingTruncation)
            #else
            throw .malformed
            #endif
        }
    }

    private static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int, allowingTruncation: Bool) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard strata_inflate_init(&stream, windowBits) == Z_OK else { throw .malformed }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var status = Z_OK
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while status == Z_OK && output.count <= limit {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = CStrataZlib.inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[..<produced])
                if status == Z_BUF_ERROR || (status == Z_OK && stream.avail_in == 0 && produced == 0) { break }
            }
        }
        if output.count > limit { throw .tooLarge }
        guard status == Z_STREAM_END || (allowingTruncation && (status == Z_OK || status == Z_BUF_ERROR)) else { throw .malformed }
        return output
    }

    #if STRATA_BROTLI
    private static func brotliDecode(_ input: [UInt8], limit: Int, allowingTruncation: Bool) throws(Failure) -> [UInt8] {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else { throw .malformed }
        defer { BrotliDecoderDestroyInstance(state) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT
        input.withUnsafeBufferPointer { source in
            var availableIn = source.count
            var nextIn = source.baseAddress
            while result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT && output.count <= limit {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    var availableOut = buffer.count
                    var nextOut = buffer.baseAddress
                    result = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                    return buffer.count - availableOut
                }
                output.append(contentsOf: chunk[..<produced])
            }
        }
        if output.count > limit { throw .tooLarge }
        guard result == BROTLI_DECODER_RESULT_SUCCESS || (allowingTruncation && result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) else { throw .malformed }
        return output
    }
    #endif
}
