import Glibc
import Synchronization

/// A file in the temporary directory that is removed when the last reference to it goes —
/// after the response, once the request and its form are released — unless it was moved away.
final class TemporaryFile: Sendable {
    private let location: Mutex<String?>

    /// A new, empty file, opened for writing; the descriptor is the caller's to close.
    static func create() throws -> (TemporaryFile, Int32) {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/strata-upload-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw UploadError("cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))") }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (TemporaryFile(path: path), fd)
    }

    private init(path: String) {
        location = Mutex(path)
    }

    /// Where the file is; `nil` once moved.
    var path: String? { location.withLock { $0 } }

    /// Renames the file to `destination`; it is then no longer temporary.
    func move(to destination: String) throws {
        try location.withLock { path in
            guard let current = path else { throw UploadError("the upload was moved already") }
            guard rename(current, destination) == 0 else {
                throw UploadError("cannot move the upload to \(destination): \(String(cString: strerror(errno)))")
            }
            path = nil
        }
    }

    deinit {
        if let path = location.withLock({ $0 }) { unlink(path) }
    }
}

/// An upload that could not be stored, read or moved (a server-side failure: 500).
struct UploadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
