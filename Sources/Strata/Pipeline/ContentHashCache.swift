import StrataHTTP
import Glibc

/// Strong entity tags from file content, computed once per version of a file (its path,
/// device, inode, size and modification time) and remembered.
final class ContentHashCache: Sendable {
    static let shared = ContentHashCache()

    private struct Key: Hashable {
        let path: String
        let info: FileInfo
    }

    private let tags = PthreadLock<[Key: ETag]>([:])
    /// A bound on remembered versions; beyond it the cache starts over.
    private let capacity = 4_096

    func etag(path: String, info: FileInfo) throws -> ETag {
        let key = Key(path: path, info: info)
        if let tag = tags.withLock({ $0[key] }) { return tag }
        let tag = ETag(SHA256.hex(try Self.digest(of: path)).prefix(32).description)
        tags.withLock { tags in
            if tags.count >= capacity { tags.removeAll() }
            tags[key] = tag
        }
        return tag
    }

    private static func digest(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError(.notFound) }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                // A partial hash must never become a strong validator.
                throw HTTPError(.internalServerError)
            }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return hasher.finalize()
    }
}
