import CStrataZlib
#if STRATA_BROTLI
import CStrataBrotli
#endif

/// Compresses one response body in one coding, in pieces: each ``compress(_:flush:)`` returns
/// what the compressor can give out so far, ``finish()`` the rest. The coding's state is freed
/// with it.
///
/// `@unchecked Sendable` because it moves between threads but is never shared: it has one
/// user at a time — its creator, or whoever took it from the pool of one-shot compressors
/// under the pool's lock, until it gives it back under that lock.
package final class Compressor: @unchecked Sendable {
    package let coding: ContentCoding
    private var zlib: UnsafeMutablePointer<z_stream>?
    #if STRATA_BROTLI
    private var brotli: OpaquePointer?
    #endif
    private var finished = false

    /// A compressor at `level`: 1–9 for gzip and deflate (6 is zlib's default), 0–11 for
    /// Brotli (clamped). `nil` if the coding is not in this build or its state cannot be made.
    package init?(coding: ContentCoding, level: Int) {
        self.coding = coding
        switch coding {
        case .gzip, .deflate:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // memLevel 8 is zlib's default: 256 KiB of state per compressor.
            guard strata_deflate_init(stream, Int32(min(max(level, 1), 9)), coding == .gzip ? 31 : 15, 8) == Z_OK else {
                stream.deallocate()
                return nil
            }
            zlib = stream
        case .brotli:
            #if STRATA_BROTLI
            guard let state = BrotliEncoderCreateInstance(nil, nil, nil) else { return nil }
            BrotliEncoderSetParameter(state, BROTLI_PARAM_QUALITY, UInt32(min(max(level, 0), 11)))
            brotli = state
            #else
            return nil
            #endif
        }
    }

    deinit {
        if let zlib {
            deflateEnd(zlib)
            zlib.deinitialize(count: 1)
            zlib.deallocate()
        }
        #if STRATA_BROTLI
        if let brotli { BrotliEncoderDestroyInstance(brotli) }
        #endif
    }

    /// Compresses `input`. With `flush`, everything given so far is sent out (a sync flush):
    /// what a stream needs after each event, so the client can decode it now; without, the
    /// compressor may hold bytes back for a better ratio.
    package func compress(_ input: [UInt8], flush: Bool) -> [UInt8] {
        guard !finished else { return [] }
        return run(input, mode: flush ? .flush : .process)
    }

    /// Ends the body: the compressor's last bytes (and gzip's trailer).
    package func finish() -> [UInt8] {
        guard !finished else { return [] }
        defer { finished = true }
        return run([], mode: .finish)
    }

    /// `bytes` compressed whole. gzip and deflate reuse a pooled compressor: zlib's state is
    /// 256 KiB, and allocating and freeing that for every response costs more than compressing
    /// a small body (glibc returns it to the kernel each time).
    package static func compress(_ bytes: [UInt8], coding: ContentCoding, level: Int) -> [UInt8]? {
        let key = PoolKey(coding: coding, level: level)
        guard let compressor = coding == .brotli ? Compressor(coding: coding, level: level)
                : pool.withLock({ $0[key]?.popLast() }) ?? Compressor(coding: coding, level: level) else { return nil }
        let output = compressor.run(bytes, mode: .finish, expected: bytes.count / 2 + 64)
        compressor.finished = true
        if coding != .brotli, let zlib = compressor.zlib, deflateReset(zlib) == Z_OK {
            compressor.finished = false
            pool.withLock { pool in
                if pool[key, default: []].count < poolLimit { pool[key, default: []].append(compressor) }
            }
        }
        return output
    }

    private struct PoolKey: Hashable {
        let coding: ContentCoding
        let level: Int
    }

    /// Idle one-shot compressors by coding and level; at most ``poolLimit`` of each — enough
    /// for one per event loop on most machines.
    private static let pool = PthreadLock<[PoolKey: [Compressor]]>([:])
    private static let poolLimit = 16

    private enum Mode { case process, flush, finish }

    private func run(_ input: [UInt8], mode: Mode, expected: Int = 0) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(max(expected, min(input.count, 16 * 1024) + 64))
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        if let zlib {
            input.withUnsafeBufferPointer { source in
                zlib.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                zlib.pointee.avail_in = UInt32(source.count)
                let flush = mode == .finish ? Z_FINISH : mode == .flush ? Z_SYNC_FLUSH : Z_NO_FLUSH
                repeat {
                    let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                        zlib.pointee.next_out = buffer.baseAddress
                        zlib.pointee.avail_out = UInt32(buffer.count)
                        let status = deflate(zlib, flush)
                        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { return -1 }
                        return buffer.count - Int(zlib.pointee.avail_out)
                    }
                    guard produced >= 0 else { break }
                    output.append(contentsOf: chunk[..<produced])
                    // Done when deflate left room in the buffer: it has nothing more to give.
                    if zlib.pointee.avail_out != 0 { break }
                } while true
                zlib.pointee.next_in = nil
                zlib.pointee.avail_in = 0
            }
            return output
        }
        #if STRATA_BROTLI
        if let brotli {
            input.withUnsafeBufferPointer { source in
                var availableIn = source.count
                var nextIn = source.baseAddress
                let operation = mode == .finish ? BROTLI_OPERATION_FINISH : mode == .flush ? BROTLI_OPERATION_FLUSH : BROTLI_OPERATION_PROCESS
                repeat {
                    let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                        var availableOut = buffer.count
                        var nextOut = buffer.baseAddress
                        guard BrotliEncoderCompressStream(brotli, operation, &availableIn, &nextIn, &availableOut, &nextOut, nil) != 0 else { return -1 }
                        return buffer.count - availableOut
                    }
                    guard produced >= 0 else { break }
                    output.append(contentsOf: chunk[..<produced])
                    if availableIn == 0 && BrotliEncoderHasMoreOutput(brotli) == 0
                        && (mode != .finish || BrotliEncoderIsFinished(brotli) != 0) { break }
                } while true
            }
        }
        #endif
        return output
    }
}
