import Testing
import StrataHTTP

@Suite("MediaTypeRegistry")
struct MediaTypeRegistryTests {
    @Test("extensions map to registered types", arguments: [
        ("html", "text/html"),
        ("htm", "text/html"),
        ("css", "text/css"),
        ("js", "text/javascript"),
        ("mjs", "text/javascript"),
        ("json", "application/json"),
        ("map", "application/json"),
        ("xml", "application/xml"),
        ("txt", "text/plain"),
        ("csv", "text/csv"),
        ("md", "text/markdown"),
        ("svg", "image/svg+xml"),
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("gif", "image/gif"),
        ("webp", "image/webp"),
        ("avif", "image/avif"),
        ("ico", "image/vnd.microsoft.icon"),
        ("mp3", "audio/mpeg"),
        ("opus", "audio/ogg"),
        ("mp4", "video/mp4"),
        ("webm", "video/webm"),
        ("pdf", "application/pdf"),
        ("zip", "application/zip"),
        ("gz", "application/gzip"),
        ("tgz", "application/gzip"),
        ("wasm", "application/wasm"),
        ("woff", "font/woff"),
        ("woff2", "font/woff2"),
        ("ttf", "font/ttf"),
        ("webmanifest", "application/manifest+json"),
        ("jsonld", "application/ld+json"),
        ("geojson", "application/geo+json"),
        ("msgpack", "application/msgpack"),
        ("yaml", "application/yaml"),
        ("swift", "text/x-swift"),
        ("ts", "text/x-typescript"),
        ("vtt", "text/vtt"),
        ("ics", "text/calendar"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bin", "application/octet-stream"),
    ])
    func knownExtensions(ext: String, essence: String) throws {
        let type = try #require(MediaTypeRegistry.mediaType(forPathExtension: ext))
        #expect(type.description == essence)
        #expect(type.parameters.isEmpty)
    }

    @Test("case does not matter", arguments: ["PNG", "Png", "pNg"])
    func caseInsensitive(ext: String) {
        #expect(MediaTypeRegistry.mediaType(forPathExtension: ext) == MediaType(type: "image", subtype: "png"))
    }

    @Test("unknown extensions are nil", arguments: ["", "xyz", "png ", " png", ".png", "pn", "pngg", "PNG\u{0}", "ﬀ"])
    func unknown(ext: String) {
        #expect(MediaTypeRegistry.mediaType(forPathExtension: ext) == nil)
    }

    @Test("text types carry no charset, so the caller can add one")
    func textWithoutCharset() throws {
        for (_, type) in MediaTypeRegistry.entries where type.type == "text" {
            #expect(type.charset == nil)
        }
        let html = try #require(MediaTypeRegistry.mediaType(forPathExtension: "html"))
        #expect(html.withCharset("utf-8").description == "text/html; charset=utf-8")
    }

    @Test("file names", arguments: [
        ("index.html", "text/html"),
        ("App.Min.JS", "text/javascript"),
        ("archive.tar.gz", "application/gzip"),
        ("/var/www/site/logo.svg", "image/svg+xml"),
        ("dir.d/photo.JPEG", "image/jpeg"),
        ("..png", "image/png"),
    ])
    func fileNames(name: String, essence: String) {
        #expect(MediaTypeRegistry.mediaType(forFileName: name)?.description == essence)
    }

    @Test("file names without a usable extension", arguments: [
        "", "README", "Makefile", ".png", ".bashrc", "file.", "dir.png/", "dir.png/README", "a.unknownext", "/",
    ])
    func fileNamesWithoutType(name: String) {
        #expect(MediaTypeRegistry.mediaType(forFileName: name) == nil)
    }

    @Test("the table: lowercase unique extensions, valid types, stable order")
    func table() {
        let entries = MediaTypeRegistry.entries
        #expect(entries.count >= 120)
        #expect(Set(entries.map(\.pathExtension)).count == entries.count, "duplicate extension")
        for (ext, type) in entries {
            #expect(ext == ext.lowercased() && !ext.isEmpty && !ext.contains("."))
            #expect(MediaType(type.description) == type, "\(type) must parse")
            #expect(MediaTypeRegistry.mediaType(forPathExtension: ext) == type)
            #expect(MediaTypeRegistry.mediaType(forPathExtension: ext.uppercased()) == type)
        }
        #expect(entries.prefix(3).map(\.pathExtension) == ["html", "htm", "xhtml"])
        #expect(MediaTypeRegistry.entries.map(\.pathExtension) == entries.map(\.pathExtension))
    }
}
