import Foundation
import Strata
import StrataTesting
import Testing

/// A temporary directory with files for one test, removed afterwards.
final class TemporaryFiles: Sendable {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("strata-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ relative: String, _ content: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

@Suite("File responses")
struct FileResponseTests {
    static let content = (0..<1000).map { String($0 % 10) }.joined()

    func app(_ files: TemporaryFiles, _ file: @escaping @Sendable (String) -> File = { File($0) }) throws -> App {
        let path = try files.write("report.txt", Self.content)
        return App(routes: [Get("/f") { _ in file(path) }])
    }

    @Test(arguments: TestTransport.allCases)
    func wholeFile(transport: TestTransport) async throws {
        let files = try TemporaryFiles()
        try await TestClient.run(try app(files), transport: transport) { client in
            let response = try await client.get("/f")
            #expect(response.status == .ok)
            #expect(response.text == Self.content)
            #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(response.headers["Content-Length"] == "1000")
            #expect(response.headers["Accept-Ranges"] == "bytes")
            #expect(response.headers["Content-Disposition"] == #"attachment; filename="report.txt""#)
            #expect(response.etag?.isWeak == false)
            #expect(response.headers["Last-Modified"].flatMap { HTTPDate.parse($0) } != nil)
        }
    }

    @Test func downloadNamesAndInline() async throws {
        let files = try TemporaryFiles()
        let named = try app(files) { File($0, downloadName: "Résumé 2026.txt") }
        #expect(try await TestClient(named).get("/f").headers["Content-Disposition"]
            == #"attachment; filename="R_sum_ 2026.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.txt"#)
        let inline = try app(files) { File($0, disposition: .inline, mediaType: .html, maxAge: 60) }
        let response = try await TestClient(inline).get("/f")
        #expect(response.headers["Content-Disposition"] == "inline")
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "max-age=60")
    }

    @Test func missingFilesAndDirectoriesAre404() async throws {
        let files = try TemporaryFiles()
        try files.write("dir/inner.txt", "x")
        let root = files.root
        let app = App(routes: [
            Get("/missing") { _ in File(root + "/nope.txt") },
            Get("/dir") { _ in File(root + "/dir") },
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/missing").status == .notFound)
        #expect(try await client.get("/dir").status == .notFound)
    }

    @Test(arguments: [
        ("bytes=0-9", 206, "bytes 0-9/1000", "0123456789"),
        ("bytes=995-", 206, "bytes 995-999/1000", "56789"),
        ("bytes=-3", 206, "bytes 997-999/1000", "789"),
        ("bytes=990-5000", 206, "bytes 990-999/1000", "0123456789"),
        ("bytes=0-4,3-9", 206, "bytes 0-9/1000", "0123456789"),
        ("bytes=-5000", 200, nil, nil),
        ("bytes=abc", 200, nil, nil),
        ("items=0-5", 200, nil, nil),
    ] as [(String, Int, String?, String?)])
    func singleRanges(range: String, status: Int, contentRange: String?, body: String?) async throws {
        let files = try TemporaryFiles()
        for transport in TestTransport.allCases {
            try await TestClient.run(try app(files), transport: transport) { client in
                let response = try await client.get("/f", headers: ["Range": range])
                #expect(response.status.code == status)
                #expect(response.headers["Content-Range"] == contentRange)
                #expect(response.text == (body ?? Self.content))
                #expect(response.headers["Content-Length"] == String((body ?? Self.content).utf8.count))
            }
        }
    }

    @Test func unsatisfiableRangeIs416() async throws {
        let files = try TemporaryFiles()
        let response = try await TestClient(try app(files)).get("/f", headers: ["Range": "bytes=1000-"])
        #expect(response.status == .rangeNotSatisfiable)
        #expect(response.headers["Content-Range"] == "bytes */1000")
        #expect(response.body.isEmpty)
    }

    @Test(arguments: TestTransport.allCases)
    func severalRangesAreMultipart(transport: TestTransport) async throws {
        let files = try TemporaryFiles()
        try await TestClient.run(try app(files), transport: transport) { client in
            let response = try await client.get("/f", headers: ["Range": "bytes=0-1,10-12"])
            #expect(response.status == .partialContent)
            let type = try #require(response.mediaType)
            #expect(type.essence == "multipart/byteranges")
            let boundary = try #require(type.parameter("boundary"))
            #expect(response.text == "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/1000\r\n\r\n01\r\n"
                + "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-12/1000\r\n\r\n012\r\n--\(boundary)--\r\n")
        }
    }

    @Test func ifRangeWithAStaleOrWeakValidatorGivesTheWholeFile() async throws {
        let files = try TemporaryFiles()
        let client = try TestClient(try app(files))
        let etag = try #require(try await client.get("/f").etag)
        let current = try await client.get("/f", headers: ["Range": "bytes=0-1", "If-Range": etag.headerValue])
        #expect(current.status == .partialContent)
        let stale = try await client.get("/f", headers: ["Range": "bytes=0-1", "If-Range": "\"old\""])
        #expect(stale.status == .ok && stale.text == Self.content)
        let weak = try await client.get("/f", headers: ["Range": "bytes=0-1", "If-Range": ETag(etag.opaqueTag, weak: true).headerValue])
        #expect(weak.status == .ok)
    }

    @Test func conditionalRequestsOnFiles() async throws {
        let files = try TemporaryFiles()
        let client = try TestClient(try app(files))
        let first = try await client.get("/f")
        let etag = try #require(first.headers["ETag"])
        let lastModified = try #require(first.headers["Last-Modified"])
        let cached = try await client.get("/f", headers: ["If-None-Match": etag])
        #expect(cached.status == .notModified)
        #expect(cached.body.isEmpty)
        #expect(cached.headers["ETag"] == etag)
        #expect(cached.headers["Content-Length"] == nil)
        #expect(cached.headers["Content-Type"] == nil)
        #expect(try await client.get("/f", headers: ["If-Modified-Since": lastModified]).status == .notModified)
        #expect(try await client.get("/f", headers: ["If-Match": "\"other\""]).status == .preconditionFailed)
        #expect(try await client.head("/f", headers: ["If-None-Match": etag]).status == .notModified)
    }

    @Test func aLayersDefaultMediaTypeDoesNotOverrideTheFiles() async throws {
        let files = try TemporaryFiles()
        let path = try files.write("notes.txt", "plain")
        let app = App(routes: [Router("/api", routes: [Get("/notes") { _ in File(path) }]).defaultMediaType(.json)])
        #expect(try await TestClient(app).get("/api/notes").headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func aSuffixRangeOfAnEmptyFileIsTheWholeFile() async throws {
        let files = try TemporaryFiles()
        let path = try files.write("empty.txt", "")
        let app = App(routes: [Get("/e") { _ in File(path) }])
        let response = try await TestClient(app).get("/e", headers: ["Range": "bytes=-5"])
        #expect(response.status == .ok)
        #expect(response.body.isEmpty)
    }

    @Test func contentHashETagsAreStrongAndStable() async throws {
        let files = try TemporaryFiles()
        let client = try TestClient(try app(files) { File($0, etag: .contentHash) })
        let first = try await client.get("/f"), second = try await client.get("/f")
        #expect(first.etag == second.etag)
        #expect(first.etag?.opaqueTag.count == 32)
        #expect(first.etag?.isWeak == false)
        let custom = try TestClient(try app(files) { File($0, etag: .custom(ETag("v7"))) })
        #expect(try await custom.get("/f").headers["ETag"] == "\"v7\"")
    }
}

@Suite("Static files")
struct StaticFilesTests {
    static func setUp() throws -> (TemporaryFiles, TestClient, String) {
        let files = try TemporaryFiles()
        let outside = try TemporaryFiles()
        try files.write("public/index.html", "<h1>home</h1>")
        try files.write("public/css/site.css", "body{}")
        try files.write("public/.env", "SECRET=1")
        try files.write("secret.txt", "do not serve")
        try outside.write("other.txt", "outside")
        try FileManager.default.createSymbolicLink(atPath: files.root + "/public/escape.txt", withDestinationPath: files.root + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: files.root + "/public/inside.css", withDestinationPath: files.root + "/public/css/site.css")
        let app = App(routes: [StaticFiles("/static", directory: files.root + "/public").cacheControl(.maxAge(3600))])
        return (files, try TestClient(app), outside.root)
    }

    @Test func servesFilesWithTypesAndLayers() async throws {
        let (files, client, _) = try Self.setUp()
        defer { withExtendedLifetime(files) {} }
        let css = try await client.get("/static/css/site.css")
        #expect(css.status == .ok)
        #expect(css.text == "body{}")
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Content-Disposition"] == "inline")
        #expect(css.headers["Cache-Control"] == "max-age=3600")
        #expect(try await client.get("/static/").text == "<h1>home</h1>")
        #expect(try await client.get("/static").text == "<h1>home</h1>")
        #expect(try await client.get("/static/inside.css").text == "body{}")
    }

    @Test func directoriesRedirectToTheirSlashAndFilesRefuseOne() async throws {
        let (files, client, _) = try Self.setUp()
        defer { withExtendedLifetime(files) {} }
        try files.write("public/docs/index.html", "docs")
        let redirect = try await client.get("/static/docs?x=1")
        #expect(redirect.status == .movedPermanently)
        #expect(redirect.headers["Location"] == "/static/docs/?x=1")
        #expect(try await client.get("/static/docs/").text == "docs")
        #expect(try await client.get("/static/css/site.css/").status == .notFound)
    }

    @Test func aLinkToAHiddenFileIsHidden() async throws {
        let (files, client, _) = try Self.setUp()
        defer { withExtendedLifetime(files) {} }
        try FileManager.default.createSymbolicLink(atPath: files.root + "/public/visible.txt", withDestinationPath: files.root + "/public/.env")
        #expect(try await client.get("/static/visible.txt").status == .notFound)
    }

    @Test(arguments: [
        "/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E/secret.txt", "/static/css/..%2f..%2fsecret.txt",
        "/static/css%2F..%2F..%2Fsecret.txt", "/static/.env", "/static/escape.txt", "/static/%00index.html",
        "/static/css/./site.css", "/static//css/site.css", "/static/nope.txt", "/static/css", "/static/..%5csecret.txt",
    ])
    func traversalIsRefused(target: String) async throws {
        let (files, client, _) = try Self.setUp()
        defer { withExtendedLifetime(files) {} }
        let response = try await client.get(target)
        #expect(response.status == .notFound || response.status == .badRequest)
        #expect(!response.text.contains("do not serve") && !response.text.contains("SECRET"))
    }
}
