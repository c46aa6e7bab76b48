import Glibc

/// A file in the temporary directory that is removed when the last reference to it goes —
/// after the response, once the request and its form are released — unless it was moved away.
final class TemporaryFile: Sendable {
    private let location: PthreadLock<String?>

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
        location = PthreadLock(path)
    }

    /// Where the file is; `nil` once moved.
    var path: String? { location.withLock { $0 } }

    /// Renames the file to `destination`; it is then no longer temporary.
    func move(to destination: String) throws {
        try location.withLock { path in
            guard let current = path else { throw UploadError("the upload was moved already") }
            if rename(current, destination) != 0 {
                // Another file system (a tmpfs /tmp, a mounted volume): copy, then remove.
                guard errno == EXDEV else {
                    throw UploadError("cannot move the upload to \(destination): \(String(cString: strerror(errno)))")
                }
                try Self.copy(current, to: destination)
                unlink(current)
            }
            path = nil
        }
    }

    /// Copies `source` to a new file `destination` (mode 0600).
    private static func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw UploadError("cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw UploadError("cannot create \(destination): \(String(cString: strerror(errno)))") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw UploadError("cannot read \(source): \(String(cString: strerror(errno)))") }
            if count == 0 { return }
            try write(Array(buffer[..<count]), to: output, path: destination)
        }
    }

    /// Writes all of `bytes` to `descriptor`.
    static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw UploadError("cannot write an upload to \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
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
