@testable import Strata
import Synchronization
import Testing

/// The parts of sessions that depend on time and volume: a signed cookie's expiry and the
/// memory store's expiry and bound.
@Suite("Session storage")
struct SessionStorageTests {
    static let key = SigningKey(Array(repeating: 9, count: 32))

    @Test func aSignedCookieExpiresWithItsSession() throws {
        let value = try SignedSessionCookie.encode(["user": "ada"], key: Self.key, cookieName: "session", maxAge: 60, now: 1_000)
        #expect(SignedSessionCookie.decode(value, keys: [Self.key], cookieName: "session", now: 1_059) == ["user": "ada"])
        #expect(SignedSessionCookie.decode(value, keys: [Self.key], cookieName: "session", now: 1_060) == nil)
        // The values are readable by the client — signed, not encrypted.
        let payload = try #require(Base64URL.decode(value.split(separator: ".")[0]))
        #expect(String(decoding: payload, as: UTF8.self) == #"{"d":{"user":"ada"},"e":1060}"#)
    }

    /// A payload re-signed by no key, or re-dated by the client, does not verify.
    @Test func aRedatedCookieDoesNotVerify() throws {
        let value = try SignedSessionCookie.encode(["user": "ada"], key: Self.key, cookieName: "session", maxAge: 60, now: 1_000)
        let mac = value.split(separator: ".")[1]
        let redated = Base64URL.encode(Array(#"{"d":{"user":"ada"},"e":99999}"#.utf8)) + "." + mac
        #expect(SignedSessionCookie.decode(redated, keys: [Self.key], cookieName: "session", now: 1_000) == nil)
    }

    @Test func theMemoryStoreExpiresEntries() async throws {
        let now = Atomic<UInt64>(1_000_000_000)
        let store = MemorySessionStore(maxSessions: 10, clock: { now.load(ordering: .relaxed) })
        try await store.save(id: "a", values: ["n": 1], maxAge: .seconds(5))
        now.add(4_999_999_999, ordering: .relaxed)
        #expect(try await store.load(id: "a") == ["n": 1])
        now.add(1, ordering: .relaxed)
        #expect(try await store.load(id: "a") == nil)
        #expect(store.count == 0)
    }

    /// A flood of new sessions keeps the table at its bound, dropping the expired and then
    /// those that would expire soonest — never one just saved.
    @Test func theMemoryStoreStaysBounded() async throws {
        let now = Atomic<UInt64>(1)
        let store = MemorySessionStore(maxSessions: 64, clock: { now.load(ordering: .relaxed) })
        for index in 0..<10_000 {
            now.add(1, ordering: .relaxed)
            try await store.save(id: "s\(index)", values: [:], maxAge: .seconds(3600))
            #expect(store.count <= 64)
        }
        #expect(try await store.load(id: "s9999") == [:])
        #expect(try await store.load(id: "s0") == nil)
        // Saving an existing id when full replaces it and evicts nothing.
        let before = store.count
        try await store.save(id: "s9999", values: ["x": true], maxAge: .seconds(3600))
        #expect(store.count == before)
    }

    @Test func sessionIDsAreLongRandomAndWellFormed() {
        let ids = (0..<1000).map { _ in SessionIDs.make() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy(SessionIDs.isWellFormed))
        #expect(!SessionIDs.isWellFormed("short") && !SessionIDs.isWellFormed(String(repeating: "*", count: 43)))
    }
}
