import Glibc
import StrataHTTP

/// Turns a multipart parser's events into a ``MultipartForm``, within ``MultipartLimits``:
/// fields in memory, files in memory up to the threshold and spooled to a temporary file
/// beyond it.
struct FormPartCollector {
    private struct Part {
        let name: String
        let filename: String?
        let isFile: Bool
        let contentType: MediaType?
        var size = 0
        var bytes: [UInt8] = []
        var spool: SpoolWriter?
    }

    let limits: MultipartLimits
    private var current: Part?
    private var fields: [(name: String, value: String)] = []
    private var files: [UploadedFile] = []
    /// The bytes of files kept in memory so far, across parts.
    private var inMemory = 0

    init(limits: MultipartLimits) {
        self.limits = limits
    }

    var form: MultipartForm {
        MultipartForm(fields: fields, files: files)
    }

    mutating func handle(_ event: MultipartParser.Event) throws {
        switch event {
        case .partBegin(let headers):
            guard let disposition = headers["Content-Disposition"].flatMap(ContentDisposition.parseWithName),
                  disposition.kind == "form-data", let name = disposition.name else {
                throw MultipartError(.badRequest, "a part has no Content-Disposition: form-data with a name")
            }
            current = Part(name: name, filename: UploadedFile.sanitized(disposition.filename), isFile: disposition.filename != nil,
                           contentType: headers["Content-Type"].flatMap(MediaType.init))
        case .partData(let bytes):
            guard var part = current else { return }
            current = nil
            part.size += bytes.count
            if part.isFile {
                guard part.size <= limits.maxFileBytes else {
                    throw MultipartError(.contentTooLarge, "the file \"\(Request.printable(part.name))\" is larger than \(limits.maxFileBytes) bytes")
                }
                if let spool = part.spool {
                    try spool.write(bytes)
                } else if inMemory + bytes.count > limits.memoryThreshold {
                    let spool = try SpoolWriter()
                    try spool.write(part.bytes)
                    try spool.write(bytes)
                    inMemory -= part.bytes.count
                    part.bytes = []
                    part.spool = spool
                } else {
                    inMemory += bytes.count
                    part.bytes += bytes
                }
            } else {
                guard part.size <= limits.maxFieldBytes else {
                    throw MultipartError(.contentTooLarge, "the field \"\(Request.printable(part.name))\" is larger than \(limits.maxFieldBytes) bytes")
                }
                part.bytes += bytes
            }
            current = part
        case .partEnd:
            guard let part = current else { return }
            current = nil
            if part.isFile {
                let storage: UploadedFile.Storage
                if let spool = part.spool {
                    storage = .file(try spool.finish())
                } else {
                    storage = .memory(part.bytes)
                }
                files.append(UploadedFile(fieldName: part.name, filename: part.filename, contentType: part.contentType, size: part.size, storage: storage))
            } else {
                guard let value = String(validating: part.bytes, as: UTF8.self) else {
                    throw MultipartError(.badRequest, "the field \"\(Request.printable(part.name))\" is not UTF-8 text")
                }
                fields.append((part.name, value))
            }
        }
    }
}

/// Writes a spooled upload to its temporary file; closes it when done or dropped (the file
/// itself goes with the last reference to its ``TemporaryFile``).
final class SpoolWriter {
    let file: TemporaryFile
    private var descriptor: Int32

    init() throws {
        (file, descriptor) = try TemporaryFile.create()
    }

    func write(_ bytes: [UInt8]) throws {
        try TemporaryFile.write(bytes, to: descriptor, path: file.path ?? "its temporary file")
    }

    /// Closes the descriptor and hands over the file.
    func finish() throws -> TemporaryFile {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
        return file
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }
}
