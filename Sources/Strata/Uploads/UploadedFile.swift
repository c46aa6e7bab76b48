import FoundationEssentials
import Glibc
import StrataHTTP

/// A file sent in a `multipart/form-data` request: small ones in memory, larger ones in a
/// temporary file that is removed when the last reference goes (after the response) unless
/// ``move(to:)`` keeps it.
///
/// ``filename`` is what the client called it, reduced to a harmless last path component —
/// never a path to write to: store uploads under names of your own.
public struct UploadedFile: Sendable {
    enum Storage: Sendable {
        case memory([UInt8])
        case file(TemporaryFile)
    }

    /// The form field's name.
    public let fieldName: String
    /// The client's name for the file, without directories or control characters; `nil` when
    /// nothing is left of it.
    public let filename: String?
    /// The part's `Content-Type`, if it sent one.
    public let contentType: MediaType?
    /// The file's size in bytes.
    public let size: Int
    let storage: Storage

    /// The temporary file holding the content, or `nil` when it is in memory (or was moved).
    public var temporaryPath: String? {
        if case .file(let file) = storage { return file.path }
        return nil
    }

    /// The whole content. Reads a spooled file into memory: prefer ``move(to:)`` for large ones.
    public func bytes() throws -> [UInt8] {
        switch storage {
        case .memory(let bytes):
            return bytes
        case .file(let file):
            guard let path = file.path else { throw UploadError("the upload was moved already") }
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    /// Stores the content at `path`, a new file readable by the server's user only (mode
    /// 0600, whichever way it was kept) — a rename for a spooled file (a copy across file
    /// systems), a write for one in memory.
    public func move(to path: String) throws {
        switch storage {
        case .memory(let bytes):
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw UploadError("cannot create \(path): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            try TemporaryFile.write(bytes, to: descriptor, path: path)
        case .file(let file):
            try file.move(to: path)
        }
    }

    /// The last path component of `name` without control characters, or `nil` if that leaves
    /// nothing usable (`""`, `.`, `..`).
    static func sanitized(_ name: String?) -> String? {
        guard let name else { return nil }
        // Scalars, not characters: a separator followed by a combining mark is one Character.
        let last = name.unicodeScalars.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? []
        var scalars = String.UnicodeScalarView(last.filter {
            $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value)
        })[...]
        while let first = scalars.first, first.properties.isWhitespace || [.nonspacingMark, .enclosingMark].contains(first.properties.generalCategory) {
            scalars.removeFirst()
        }
        while let final = scalars.last, final.properties.isWhitespace { scalars.removeLast() }
        let clean = String(scalars)
        return clean.isEmpty || clean == "." || clean == ".." ? nil : clean
    }
}
