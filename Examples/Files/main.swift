import FoundationEssentials
import Strata

// swift run Files [--port 8000] — downloads, byte ranges, validators and a static mount.
let publicDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Public").path

let app = App(routes: [
    Get("/") { _ in Redirect(to: "/static/") },
    // Everything under Public/, with types, ETags, Last-Modified, ranges and 304s.
    StaticFiles("/static", directory: publicDirectory).cacheControl(CacheControl(maxAge: 300)),
    // A download with a non-ASCII name (RFC 6266 filename*), a strong content-hash ETag.
    Get("/download/report") { _ in
        File(publicDirectory + "/report.txt", downloadName: "Quarterly report €.txt", etag: .contentHash)
    }.cacheControl(CacheControl(maxAge: 60)),
    // The same file shown inline: try `curl -r 0-99` or `-H 'Range: bytes=0-9,20-29'`.
    Get("/view/report") { _ in File(publicDirectory + "/report.txt", disposition: .inline) }
        .cacheControl(CacheControl(maxAge: 60)),
])

try await app.run()
