import FoundationEssentials
import StrataMustache
import Testing

private struct FixtureWriteError: Error {
    let path: String
}

/// A fresh directory holding `files` (relative path → contents), removed after `body`.
private func withTemplateDirectory<T>(_ files: [String: [UInt8]], _ body: (String) throws -> T) throws -> T {
    let manager = FileManager.default
    let root = manager.temporaryDirectory.path + "/strata-mustache-\(UUID().uuidString)"
    try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? manager.removeItem(atPath: root) }
    for (path, contents) in files {
        let fullPath = root + "/" + path
        let parent = String(fullPath[..<(fullPath.lastIndex(of: "/") ?? fullPath.endIndex)])
        try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        guard manager.createFile(atPath: fullPath, contents: Data(contents)) else {
            throw FixtureWriteError(path: fullPath)
        }
    }
    return try body(root)
}

@Suite struct MustacheEngineTests {
    @Test func loadsMustacheAndHTMLFilesRecursively() throws {
        let files: [String: [UInt8]] = [
            "layout.mustache": Array("<main>\n  {{>users/show}}\n</main>\n".utf8),
            "users/show.html": Array("<h1>{{name}}</h1>\n{{>users/partials/badge}}\n".utf8),
            "users/partials/badge.mustache": Array("<b>{{role}}</b>\n".utf8),
            "users/notes.txt": Array("{{#not a template".utf8),
            "README.md": Array("ignored".utf8),
            "assets.html/inner.mustache": Array("dir named like a template".utf8),
        ]
        try withTemplateDirectory(files) { (root) throws in
            let engine = try MustacheEngine(directory: root)
            #expect(engine.templateNames == ["assets.html/inner", "layout", "users/partials/badge", "users/show"])
            #expect(try engine.render("layout", context: ["name": "Ada & co", "role": "admin"])
                == "<main>\n  <h1>Ada &amp; co</h1>\n  <b>admin</b>\n</main>\n")
            #expect(try engine.render("users/partials/badge", context: ["role": "x"]) == "<b>x</b>\n")
        }
    }

    @Test func directoryPathMayEndWithASlash() throws {
        try withTemplateDirectory(["a.html": Array("A".utf8)]) { (root) throws in
            #expect(try MustacheEngine(directory: root + "/").render("a", context: nil) == "A")
        }
    }

    @Test func missingTemplateNamesTheDirectory() throws {
        try withTemplateDirectory(["a.html": Array("A".utf8)]) { (root) throws in
            let engine = try MustacheEngine(directory: root)
            let error = try #require(throws: MustacheError.self) { try engine.render("x", context: [:]) }
            #expect(error.description == "no template named \"x\" in \(root)")
            #expect(error.template == nil && error.line == nil)
        }
    }

    @Test func syntaxErrorInAFileNamesItsTemplateAndLine() throws {
        try withTemplateDirectory(["users/show.mustache": Array("ok\n{{#items}}\n".utf8)]) { (root) throws in
            let error = try #require(throws: MustacheError.self) { try MustacheEngine(directory: root) }
            #expect(error.description == "template \"users/show\" line 2: section \"items\" is never closed")
        }
    }

    @Test func sameNameWithTwoExtensionsIsAnError() throws {
        try withTemplateDirectory(["a.html": Array("1".utf8), "a.mustache": Array("2".utf8)]) { (root) throws in
            let error = try #require(throws: MustacheError.self) { try MustacheEngine(directory: root) }
            #expect(error.description == "template \"a\": both a.html and a.mustache define it; keep one")
        }
    }

    @Test func invalidUTF8IsAnError() throws {
        try withTemplateDirectory(["bad.html": [0x61, 0xFF, 0x62]]) { (root) throws in
            let error = try #require(throws: MustacheError.self) { try MustacheEngine(directory: root) }
            #expect(error.description == "template \"bad\": \(root)/bad.html is not valid UTF-8")
        }
    }

    @Test func missingDirectoryIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.path + "/strata-mustache-missing-\(UUID().uuidString)"
        let error = try #require(throws: MustacheError.self) { try MustacheEngine(directory: path) }
        #expect(error.description == "cannot list the template directory \"\(path)\"")
    }

    @Test func missingInMemoryTemplate() throws {
        let engine = try MustacheEngine(templates: ["a": "A"])
        let error = try #require(throws: MustacheError.self) { try engine.render("b", context: [:]) }
        #expect(error.description == "no template named \"b\" in the in-memory templates")
    }

    @Test func emptyEngineHasNoTemplates() throws {
        let engine = try MustacheEngine(templates: [:])
        #expect(engine.templateNames.isEmpty)
        #expect(throws: MustacheError.self) { try engine.render("", context: [:]) }
    }

    @Test func usableFromConcurrentTasks() async throws {
        let engine = try MustacheEngine(templates: ["n": "{{#items}}{{.}},{{/items}}"])
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for count in 0..<8 {
                group.addTask {
                    try engine.render("n", context: ["items": .array((0..<count).map { .int($0) })])
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }.sorted()
        }
        #expect(outputs == ["", "0,", "0,1,", "0,1,2,", "0,1,2,3,", "0,1,2,3,4,", "0,1,2,3,4,5,", "0,1,2,3,4,5,6,"])
    }

    @Test func errorDescriptionForms() {
        #expect(MustacheError(template: "t", line: 3, problem: "p").description == "template \"t\" line 3: p")
        #expect(MustacheError(template: "t", line: nil, problem: "p").description == "template \"t\": p")
        #expect(MustacheError(template: nil, line: nil, problem: "p").description == "p")
        #expect(MustacheError(template: nil, line: 3, problem: "p").description == "p")
    }
}
