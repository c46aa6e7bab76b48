extension MediaTypeRegistry {
    /// One row of the table: a lowercase extension and the `type/subtype` it maps to.
    struct Entry: Sendable {
        let ext: String
        let essence: String
    }

    /// The built-in table, grouped by kind.
    ///
    /// IANA-registered types are used wherever one exists (RFC 6838); `x-` names only
    /// where nothing is registered and that name is what software recognizes. Source
    /// code without a registered type is `text/x-…` so browsers show it as text.
    static let table: [Entry] = [
        // Web
        Entry(ext: "html", essence: "text/html"),
        Entry(ext: "htm", essence: "text/html"),
        Entry(ext: "xhtml", essence: "application/xhtml+xml"),
        Entry(ext: "css", essence: "text/css"),
        // RFC 9239 §6: text/javascript is the one registered JavaScript type.
        Entry(ext: "js", essence: "text/javascript"),
        Entry(ext: "mjs", essence: "text/javascript"),
        Entry(ext: "cjs", essence: "text/javascript"),
        Entry(ext: "json", essence: "application/json"),
        // Source Map Revision 3 serves maps as JSON.
        Entry(ext: "map", essence: "application/json"),
        Entry(ext: "jsonld", essence: "application/ld+json"),
        Entry(ext: "geojson", essence: "application/geo+json"),
        Entry(ext: "ndjson", essence: "application/x-ndjson"),
        Entry(ext: "webmanifest", essence: "application/manifest+json"),
        Entry(ext: "xml", essence: "application/xml"),
        Entry(ext: "xsl", essence: "application/xslt+xml"),
        Entry(ext: "rss", essence: "application/rss+xml"),
        Entry(ext: "atom", essence: "application/atom+xml"),
        Entry(ext: "wasm", essence: "application/wasm"),
        Entry(ext: "msgpack", essence: "application/msgpack"),

        // Plain and structured text
        Entry(ext: "txt", essence: "text/plain"),
        Entry(ext: "text", essence: "text/plain"),
        Entry(ext: "log", essence: "text/plain"),
        Entry(ext: "conf", essence: "text/plain"),
        Entry(ext: "ini", essence: "text/plain"),
        Entry(ext: "csv", essence: "text/csv"),
        Entry(ext: "tsv", essence: "text/tab-separated-values"),
        Entry(ext: "md", essence: "text/markdown"),
        Entry(ext: "markdown", essence: "text/markdown"),
        Entry(ext: "yaml", essence: "application/yaml"),
        Entry(ext: "yml", essence: "application/yaml"),
        Entry(ext: "toml", essence: "application/toml"),
        Entry(ext: "sql", essence: "application/sql"),
        Entry(ext: "ics", essence: "text/calendar"),
        Entry(ext: "vcf", essence: "text/vcard"),
        Entry(ext: "vtt", essence: "text/vtt"),
        Entry(ext: "srt", essence: "application/x-subrip"),
        Entry(ext: "rtf", essence: "application/rtf"),

        // Source code
        Entry(ext: "sh", essence: "text/x-shellscript"),
        Entry(ext: "py", essence: "text/x-python"),
        Entry(ext: "rb", essence: "text/x-ruby"),
        Entry(ext: "go", essence: "text/x-go"),
        Entry(ext: "rs", essence: "text/x-rust"),
        Entry(ext: "swift", essence: "text/x-swift"),
        Entry(ext: "c", essence: "text/x-c"),
        Entry(ext: "h", essence: "text/x-c"),
        Entry(ext: "cpp", essence: "text/x-c++"),
        Entry(ext: "hpp", essence: "text/x-c++"),
        Entry(ext: "m", essence: "text/x-objective-c"),
        Entry(ext: "cs", essence: "text/x-csharp"),
        Entry(ext: "java", essence: "text/x-java"),
        Entry(ext: "kt", essence: "text/x-kotlin"),
        Entry(ext: "scala", essence: "text/x-scala"),
        Entry(ext: "php", essence: "text/x-php"),
        Entry(ext: "pl", essence: "text/x-perl"),
        Entry(ext: "lua", essence: "text/x-lua"),
        Entry(ext: "ts", essence: "text/x-typescript"),
        Entry(ext: "tsx", essence: "text/x-typescript"),
        Entry(ext: "jsx", essence: "text/x-jsx"),

        // Images
        Entry(ext: "svg", essence: "image/svg+xml"),
        Entry(ext: "png", essence: "image/png"),
        Entry(ext: "apng", essence: "image/apng"),
        Entry(ext: "jpg", essence: "image/jpeg"),
        Entry(ext: "jpeg", essence: "image/jpeg"),
        Entry(ext: "gif", essence: "image/gif"),
        Entry(ext: "webp", essence: "image/webp"),
        Entry(ext: "avif", essence: "image/avif"),
        Entry(ext: "heic", essence: "image/heic"),
        Entry(ext: "heif", essence: "image/heif"),
        Entry(ext: "ico", essence: "image/vnd.microsoft.icon"),
        Entry(ext: "bmp", essence: "image/bmp"),
        Entry(ext: "tif", essence: "image/tiff"),
        Entry(ext: "tiff", essence: "image/tiff"),
        Entry(ext: "psd", essence: "image/vnd.adobe.photoshop"),

        // Audio
        Entry(ext: "mp3", essence: "audio/mpeg"),
        // No wav type is registered; audio/wav is what browsers accept.
        Entry(ext: "wav", essence: "audio/wav"),
        // RFC 5334 §10 and RFC 7845 §9: Ogg audio, Opus included, is audio/ogg.
        Entry(ext: "ogg", essence: "audio/ogg"),
        Entry(ext: "oga", essence: "audio/ogg"),
        Entry(ext: "opus", essence: "audio/ogg"),
        Entry(ext: "flac", essence: "audio/flac"),
        Entry(ext: "m4a", essence: "audio/mp4"),
        Entry(ext: "aac", essence: "audio/aac"),
        Entry(ext: "weba", essence: "audio/webm"),
        Entry(ext: "mid", essence: "audio/midi"),
        Entry(ext: "midi", essence: "audio/midi"),

        // Video
        Entry(ext: "mp4", essence: "video/mp4"),
        Entry(ext: "m4v", essence: "video/mp4"),
        Entry(ext: "webm", essence: "video/webm"),
        Entry(ext: "ogv", essence: "video/ogg"),
        Entry(ext: "mov", essence: "video/quicktime"),
        Entry(ext: "avi", essence: "video/x-msvideo"),
        // RFC 9559 §27 registered video/matroska.
        Entry(ext: "mkv", essence: "video/matroska"),
        Entry(ext: "mpeg", essence: "video/mpeg"),
        Entry(ext: "mpg", essence: "video/mpeg"),
        Entry(ext: "3gp", essence: "video/3gpp"),
        Entry(ext: "m3u8", essence: "application/vnd.apple.mpegurl"),
        Entry(ext: "mpd", essence: "application/dash+xml"),

        // Fonts (RFC 8081)
        Entry(ext: "woff", essence: "font/woff"),
        Entry(ext: "woff2", essence: "font/woff2"),
        Entry(ext: "ttf", essence: "font/ttf"),
        Entry(ext: "otf", essence: "font/otf"),
        Entry(ext: "ttc", essence: "font/collection"),
        Entry(ext: "eot", essence: "application/vnd.ms-fontobject"),

        // Documents
        Entry(ext: "pdf", essence: "application/pdf"),
        Entry(ext: "epub", essence: "application/epub+zip"),
        Entry(ext: "ps", essence: "application/postscript"),
        Entry(ext: "doc", essence: "application/msword"),
        Entry(ext: "docx", essence: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Entry(ext: "xls", essence: "application/vnd.ms-excel"),
        Entry(ext: "xlsx", essence: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Entry(ext: "ppt", essence: "application/vnd.ms-powerpoint"),
        Entry(ext: "pptx", essence: "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        Entry(ext: "odt", essence: "application/vnd.oasis.opendocument.text"),
        Entry(ext: "ods", essence: "application/vnd.oasis.opendocument.spreadsheet"),
        Entry(ext: "odp", essence: "application/vnd.oasis.opendocument.presentation"),

        // Archives and compression
        Entry(ext: "zip", essence: "application/zip"),
        Entry(ext: "gz", essence: "application/gzip"),
        Entry(ext: "tgz", essence: "application/gzip"),
        Entry(ext: "tar", essence: "application/x-tar"),
        Entry(ext: "bz2", essence: "application/x-bzip2"),
        Entry(ext: "xz", essence: "application/x-xz"),
        Entry(ext: "zst", essence: "application/zstd"),
        Entry(ext: "7z", essence: "application/x-7z-compressed"),
        Entry(ext: "rar", essence: "application/vnd.rar"),

        // Binaries and packages
        Entry(ext: "bin", essence: "application/octet-stream"),
        Entry(ext: "exe", essence: "application/vnd.microsoft.portable-executable"),
        Entry(ext: "dmg", essence: "application/x-apple-diskimage"),
        Entry(ext: "iso", essence: "application/x-iso9660-image"),
        Entry(ext: "apk", essence: "application/vnd.android.package-archive"),
        Entry(ext: "jar", essence: "application/java-archive"),
        Entry(ext: "deb", essence: "application/vnd.debian.binary-package"),
        Entry(ext: "rpm", essence: "application/x-rpm"),

        // 3D models
        Entry(ext: "gltf", essence: "model/gltf+json"),
        Entry(ext: "glb", essence: "model/gltf-binary"),
        Entry(ext: "stl", essence: "model/stl"),
    ]
}
