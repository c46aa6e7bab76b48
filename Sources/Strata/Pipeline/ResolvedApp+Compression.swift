import StrataHTTP

/// Compression in ``ResolvedApp/finish(_:for:entry:)``: the coding is chosen, `Vary` and the
/// ETag set before preconditions are evaluated — a 304 must carry the tag of the
/// representation the client would get — and the content compressed after, only if the
/// response is still the one the handler gave.
extension ResolvedApp {
    /// The coding `http` will be sent in, with its `Vary`, `Content-Encoding`-to-be ETag and,
    /// where the client refuses both identity and every coding offered, its 406. `nil`: sent
    /// as it is.
    func chooseCoding(for http: inout HTTPResponse, request: Request, compression: ResolvedCompression, entry: RouteEntry) -> ContentCoding? {
        if http.status == .notModified {
            // A 304 decided before the handler ran: it stands for the route's representation,
            // in the coding the client would get it in.
            if entry.compressesItsMediaType {
                Self.addVary("Accept-Encoding", to: &http)
                if let coding = AcceptEncoding(request.headers.values(for: "Accept-Encoding")).preferred(among: compression.codings) {
                    suffixETag(of: &http, with: coding, entry: entry)
                }
            }
            return nil
        }
        guard http.status.allowsContent, http.status != .partialContent, http.status != .notModified, http.status.code >= 200,
              !http.headers.contains("Content-Encoding"), !http.encodedFields.headers.contains("Content-Encoding"),
              compressible(http, compression: compression, entry: entry) else { return nil }
        switch http.body {
        case .bytes: break
        case .stream: guard compression.compressesStreams else { return nil }
        case .file: guard compression.compressesFiles else { return nil }
        case .omitted: return nil
        }
        // From here the answer depends on Accept-Encoding, whatever it is this time.
        Self.addVary("Accept-Encoding", to: &http)
        let accepted = AcceptEncoding(request.headers.values(for: "Accept-Encoding"))
        guard let coding = accepted.preferred(among: compression.codings) else {
            if !accepted.acceptsIdentity {
                // RFC 9110 §12.5.3: identity refused, and no coding offered is acceptable.
                let offered = compression.codings.map(\.rawValue).joined(separator: ", ")
                http = finalize(ProblemDetails.response(for: HTTPError(.notAcceptable, detail: "This response is available unencoded or in \(offered); the request's Accept-Encoding accepts none of them.")),
                                for: request, entry: entry)
                Self.addVary("Accept-Encoding", to: &http)
            }
            return nil
        }
        if case .bytes(let bytes) = http.body, bytes.count < compression.minimumSize, accepted.acceptsIdentity { return nil }
        suffixETag(of: &http, with: coding, entry: entry)
        return coding
    }

    /// Whether `http`'s media type is compressed: the route's own, judged at build, or one the
    /// response set itself.
    private func compressible(_ http: HTTPResponse, compression: ResolvedCompression, entry: RouteEntry) -> Bool {
        if let contentType = http.headers["Content-Type"] {
            return compression.compresses(contentType: contentType)
        }
        // The encoded fields carry a `Content-Type` only as the route's media type.
        return entry.compressesItsMediaType && http.encodedFields.headers.contains("Content-Type")
    }

    /// Compresses the content of a response ``chooseCoding(for:request:compression:entry:)``
    /// chose a coding for.
    func compress(_ http: inout HTTPResponse, in coding: ContentCoding, compression: ResolvedCompression) {
        let level = compression.level(for: coding)
        switch http.body {
        case .bytes(let bytes):
            guard let compressed = Compressor.compress(bytes, coding: coding, level: level) else { return }
            http.body = .bytes(compressed)
        case .stream(let stream):
            http.body = .stream(CompressedBody.stream(stream, coding: coding, level: level, flushesEachChunk: true))
        case .file(let region):
            http.body = .stream(CompressedBody.file(region, coding: coding, level: level))
            // A range of the file is not a range of its compressed form.
            http.headers.remove("Accept-Ranges")
        case .omitted:
            return
        }
        http.headers.remove("Content-Length")
        http.headers.add("Content-Encoding", coding.rawValue)
    }

    /// A strong ETag names exact bytes, so the compressed representation gets its own:
    /// `"abc"` becomes `"abc-gzip"`. Weak tags already say "equivalent", and stay.
    private func suffixETag(of http: inout HTTPResponse, with coding: ContentCoding, entry: RouteEntry) {
        if let field = http.headers["ETag"] {
            guard let etag = ETag.parse(field), !etag.isWeak else { return }
            http.headers["ETag"] = ETag(etag.opaqueTag + coding.etagSuffix).headerValue
        } else if let field = http.encodedFields.headers["ETag"], let etag = ETag.parse(field), !etag.isWeak,
                  let without = entry.fieldsWithoutETag(replacing: http.encodedFields) {
            http.encodedFields = without
            http.headers.add("ETag", ETag(etag.opaqueTag + coding.etagSuffix).headerValue)
        }
    }

    /// The tags a request may hold for the same state of a compressing route's resource:
    /// the identity representation's and each coding's. `If-Match` and `If-None-Match`
    /// accept any of them; `If-Range` does not (it names exact bytes).
    static func equivalentTags(of etag: ETag?, compression: ResolvedCompression?) -> [ETag] {
        guard let compression, let etag, !etag.isWeak else { return [] }
        var base = etag.opaqueTag
        for coding in ContentCoding.allCases where base.hasSuffix(coding.etagSuffix) {
            base.removeLast(coding.etagSuffix.count)
            break
        }
        return ([base] + compression.codings.map { base + $0.etagSuffix }).filter { $0 != etag.opaqueTag }.map { ETag($0) }
    }
}
