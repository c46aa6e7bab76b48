import FoundationEssentials

extension MustacheEngine {
    /// The file extensions loaded as templates, with their dot.
    static let templateExtensions = [".mustache", ".html"]

    /// The source of every template file under `directory`, by template name.
    static func loadSources(directory: String) throws(MustacheError) -> [String: String] {
        let files = FileManager.default
        let paths: [String]
        do {
            paths = try files.subpathsOfDirectory(atPath: directory)
        } catch {
            throw MustacheError(template: nil, line: nil, problem: "cannot list the template directory \"\(directory)\"")
        }
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        var sources: [String: String] = [:]
        var pathByName: [String: String] = [:]
        // Sorted, so the duplicate error always names the same two files.
        for path in paths.sorted() {
            guard let fileExtension = templateExtensions.first(where: { path.hasSuffix($0) }) else { continue }
            let name = String(path.dropLast(fileExtension.count))
            // "x/.html" has no name to call it by.
            guard !name.isEmpty, !name.hasSuffix("/") else { continue }
            let fullPath = root + path
            if (try? files.attributesOfItem(atPath: fullPath)[.type] as? FileAttributeType) == .typeDirectory {
                continue
            }
            guard let data = files.contents(atPath: fullPath) else {
                throw MustacheError(template: name, line: nil, problem: "cannot read \(fullPath)")
            }
            guard let source = String(validating: data, as: UTF8.self) else {
                throw MustacheError(template: name, line: nil, problem: "\(fullPath) is not valid UTF-8")
            }
            if let other = pathByName[name] {
                throw MustacheError(template: name, line: nil, problem: "both \(other) and \(path) define it; keep one")
            }
            pathByName[name] = path
            sources[name] = source
        }
        return sources
    }
}
