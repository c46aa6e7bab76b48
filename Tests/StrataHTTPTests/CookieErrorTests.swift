import Testing
import StrataHTTP

@Suite struct CookieErrorTests {
    @Test(arguments: [
        (Cookie("a b", "1"), #"cookie "a b": name contains " " (0x20), which RFC 6265 does not allow in a token"#),
        (Cookie("", "1"), #"cookie "": name is empty, but RFC 6265 requires a token"#),
        (Cookie("a\r\nSet-Cookie: x", "1"),
         #"cookie "a\r\nSet-Cookie: x": name contains "\r" (0x0D), which RFC 6265 does not allow in a token"#),
        (Cookie("é", "1"), #"cookie "é": name contains "é" (U+00E9), which RFC 6265 does not allow in a token"#),
        (Cookie("a", "x\"y"),
         #"cookie "a": value contains "\"" (0x22), which RFC 6265 does not allow in cookie-octets"#),
        (Cookie("a", "x\0"), #"cookie "a": value contains "\0" (0x00), which RFC 6265 does not allow in cookie-octets"#),
        (Cookie("a", "\u{1B}"),
         #"cookie "a": value contains "\u{1B}" (0x1B), which RFC 6265 does not allow in cookie-octets"#),
        (Cookie("a", "x\\"), #"cookie "a": value contains "\\" (0x5C), which RFC 6265 does not allow in cookie-octets"#),
        (Cookie("a", "1", path: "/\n"), #"cookie "a": path contains "\n" (0x0A), which RFC 6265 does not allow in a path"#),
        (Cookie("a", "1", path: "api"), #"cookie "a": path must start with "/" (RFC 6265 §5.2.4)"#),
        (Cookie("a", "1", domain: "a;b"),
         #"cookie "a": domain contains ";" (0x3B); only letters, digits, "-" and "." are allowed"#),
        (Cookie("a", "1", domain: ""), #"cookie "a": domain is empty"#),
    ])
    func describesTheCookieAndTheOffendingCharacter(_ cookie: Cookie, _ expected: String) {
        #expect(throws: CookieError.self) { try cookie.validate() }
        do {
            try cookie.validate()
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func describesAValueErrorWithoutACharacter() {
        let error = CookieError(cookieName: "a", reason: .invalidValue)
        #expect(error.description == #"cookie "a": value is not valid cookie-octets"#)
        #expect(error.character == nil)
    }

    @Test func carriesTheNameAndReason() {
        do {
            try Cookie("a;b", "1").validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.cookieName == "a;b")
            #expect(error.reason == .invalidName)
            #expect(error.character == ";")
        }
    }
}
