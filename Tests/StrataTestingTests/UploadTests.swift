import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

/// `multipart/form-data` uploads: fields and files, spooling past the threshold, the limits
/// and their refusals, hostile content, and temporary files that never outlive the request.
@Suite("Uploads", .serialized)
struct UploadTests {
    /// The paths of the spooled files a handler saw, to look for after the response.
    final class Paths: Sendable {
        let seen = Mutex<[String]>([])
    }

    static let limits = MultipartLimits(maxParts: 5, maxFieldBytes: 100, maxFileBytes: 300_000, maxHeaderBytes: 512, memoryThreshold: 1000)

    static func app(_ paths: Paths = Paths()) -> App {
        App(routes: [
            Post("/upload") { request in
                let form = try await request.multipartForm(Self.limits)
                var lines = form.fields.map { "\($0.name)=\($0.value)" }
                for file in form.files {
                    if let path = file.temporaryPath {
                        paths.seen.withLock { $0.append(path) }
                        #expect(FileManager.default.fileExists(atPath: path))
                    }
                    let bytes = try file.bytes()
                    lines.append("\(file.fieldName):\(file.filename ?? "-"):\(file.contentType?.description ?? "-"):\(file.size):\(bytes.count):\(file.temporaryPath == nil ? "memory" : "disk")")
                }
                return lines.joined(separator: "\n")
            }
            .streamingRequestBody(),
            Post("/keep") { request in
                let form = try await request.multipartForm(Self.limits)
                let target = NSTemporaryDirectory() + "strata-kept-\(UUID().uuidString)"
                try form.file("doc")?.move(to: target)
                return target
            }
            .streamingRequestBody(),
            Post("/buffered") { request in try await request.multipartForm().field("a") ?? "-" },
        ])
        .requestBodyLimit(1_000_000)
    }

    static func spooledFiles() -> Int {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("strata-upload-") }.count
    }

    @Test(arguments: TestTransport.allCases)
    func fieldsAndFilesArriveSmallOnesInMemoryLargeOnesOnDisk(transport: TestTransport) async throws {
        let paths = Paths()
        let before = Self.spooledFiles()
        let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        try await TestClient.run(Self.app(paths), transport: transport) { client in
            let response = try await client.post("/upload", body: .multipart([
                .field("title", "Dune"),
                .file("cover", filename: "cover.png", contentType: "image/png", [1, 2, 3]),
                .file("scan", filename: "scan.bin", large),
                .field("note", "ünïcode"),
            ]))
            #expect(response.status == .created)
            #expect(response.text == """
                title=Dune
                note=ünïcode
                cover:cover.png:image/png:3:3:memory
                scan:scan.bin:application/octet-stream:200000:200000:disk
                """)
            // Spooled files are gone once the handler let go of the form.
            let spooled = paths.seen.withLock { $0 }
            #expect(spooled.count == 1 && spooled.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
            // A route that does not stream reads the same form from its collected content.
            #expect(try await client.post("/buffered", body: .multipart([.field("a", "b")])).text == "b")
        }
        #expect(Self.spooledFiles() == before)
    }

    @Test func aMovedFileIsKept() async throws {
        try await TestClient.run(Self.app()) { client throws in
            let target = try await client.post("/keep", body: .multipart([.file("doc", filename: "d", [UInt8](repeating: 7, count: 5000))])).text
            #expect(FileManager.default.contents(atPath: target).map(Array.init) == [UInt8](repeating: 7, count: 5000))
            // Private, however it was kept.
            let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            try FileManager.default.removeItem(atPath: target)
            let small = try await client.post("/keep", body: .multipart([.file("doc", filename: "d", [1, 2])])).text
            #expect(try FileManager.default.attributesOfItem(atPath: small)[.posixPermissions] as? Int == 0o600)
            try FileManager.default.removeItem(atPath: small)
        }
    }

    /// The threshold counts every file kept in memory: two files that each fit, but not
    /// together, are one in memory and one on disk.
    @Test func theMemoryThresholdIsForAllFilesTogether() async throws {
        try await TestClient.run(Self.app()) { client throws in
            let text = try await client.post("/upload", body: .multipart([
                .file("a", filename: "a", [UInt8](repeating: 1, count: 600)), .file("b", filename: "b", [UInt8](repeating: 2, count: 600)),
            ])).text
            #expect(text == "a:a:application/octet-stream:600:600:memory\nb:b:application/octet-stream:600:600:disk")
        }
    }

    /// The client's file name is a name, never a path.
    @Test func fileNamesAreNeverPaths() async throws {
        try await TestClient.run(Self.app()) { client throws in
            for (sent, kept) in [("../../etc/passwd", "passwd"), ("C:\\\\Users\\\\a\\\\evil.exe", "evil.exe"), ("..", "-"), ("/", "-")] {
                let text = try await client.post("/upload", body: .multipart([.file("f", filename: sent, [1])])).text
                #expect(text == "f:\(kept):application/octet-stream:1:1:memory", "\(sent)")
            }
            // A control character can only arrive encoded (RFC 8187); it is dropped.
            let encoded = Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''..%2Fa%07b.txt\r\n\r\nx\r\n--b--".utf8)
            #expect(try await client.post("/upload", body: .bytes(encoded, contentType: "multipart/form-data; boundary=b")).text == "f:ab.txt:-:1:1:memory")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func eachLimitHasItsOwnRefusal(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client throws in
            func detail(_ body: TestRequestBody) async throws -> (HTTPStatus, String) {
                let response = try await client.post("/upload", body: body)
                return (response.status, (try? response.json(ProblemDetails.self).detail ?? "") ?? "")
            }
            let parts = try await detail(.multipart((0..<6).map { .field("f\($0)", "x") }))
            #expect(parts == (.contentTooLarge, "The form cannot be read: the form has more than 5 parts."))
            let field = try await detail(.multipart([.field("bio", String(repeating: "x", count: 101))]))
            #expect(field == (.contentTooLarge, "The form cannot be read: the field \"bio\" is larger than 100 bytes."))
            let file = try await detail(.multipart([.file("scan", filename: "s", [UInt8](repeating: 0, count: 300_001))]))
            #expect(file == (.contentTooLarge, "The form cannot be read: the file \"scan\" is larger than 300000 bytes."))
            let whole = try await client.post("/upload", body: .multipart([.file("scan", filename: "s", [UInt8](repeating: 0, count: 1_000_001))]))
            #expect(whole.status == .contentTooLarge)
            let notAForm = try await detail(.json(["a": 1]))
            #expect(notAForm == (.unsupportedMediaType, "Send multipart/form-data."))
            let noBoundary = try await detail(.bytes([], contentType: "multipart/form-data"))
            #expect(noBoundary.0 == .badRequest)
            let unnamed = try await detail(.bytes(Array("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--".utf8), contentType: "multipart/form-data; boundary=b"))
            #expect(unnamed == (.badRequest, "The form cannot be read: a part has no Content-Disposition: form-data with a name."))
        }
    }

    /// Content that never closes its boundary, or whose file is endless, is refused — and the
    /// file spooled so far is removed.
    @Test(arguments: TestTransport.allCases)
    func hostileFormsAreRefusedAndLeaveNoFiles(transport: TestTransport) async throws {
        let before = Self.spooledFiles()
        try await TestClient.run(Self.app(), transport: transport) { client throws in
            let unclosed = Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".utf8) + [UInt8](repeating: 1, count: 50_000)
            let response = try await client.post("/upload", body: .bytes(unclosed, contentType: "multipart/form-data; boundary=b"))
            #expect(response.status == .badRequest)
            #expect(try response.json(ProblemDetails.self).detail == "The form cannot be read: the multipart content ended before its closing boundary.")
            let endless = Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".utf8) + [UInt8](repeating: 1, count: 400_000)
            #expect(try await client.post("/upload", body: .bytes(endless, contentType: "multipart/form-data; boundary=b")).status == .contentTooLarge)
            var tiny: [UInt8] = []
            for _ in 0..<50_000 { tiny += Array("--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nx\r\n".utf8) }
            #expect(try await client.post("/upload", body: .bytes(tiny, contentType: "multipart/form-data; boundary=b")).status == .contentTooLarge)
        }
        #expect(Self.spooledFiles() == before)
    }
}
