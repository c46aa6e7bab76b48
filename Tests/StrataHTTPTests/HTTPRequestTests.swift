import StrataHTTP
import Testing

@Suite("HTTPRequest")
struct HTTPRequestTests {
    @Test(arguments: [
        ("/a/b?x=1#f", "/a/b", "x=1"),
        ("/a#f", "/a", ""),
        ("/a", "/a", ""),
        ("/?", "/", ""),
    ])
    func pathAndQuerySplitAtTheFirstMark(target: String, path: String, query: String) {
        let request = HTTPRequest(method: .get, target: target)
        #expect(request.path == path)
        #expect(HTTPRequest.path(of: target) == path)
        #expect(request.query == query)
    }
}
