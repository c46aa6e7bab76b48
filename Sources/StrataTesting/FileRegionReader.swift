import Glibc
import Strata

/// Reads a file region into memory: what `sendfile` would have put on the wire.
enum FileRegionReader {
    static func read(_ region: HTTPFileRegion) throws(TestClientError) -> [UInt8] {
        let fd = open(region.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .malformedResponse("the response's file \(region.path) cannot be opened") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: region.length)
        var done = 0
        while done < region.length {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, region.length - done, off_t(region.offset + done)) }
            guard count > 0 else { throw .malformedResponse("the response's file \(region.path) is shorter than its region") }
            done += count
        }
        return bytes
    }
}
