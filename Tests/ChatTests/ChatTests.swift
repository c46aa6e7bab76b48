@testable import Chat
import Strata
import StrataTesting
import Testing

/// The Chat example on both transports: members of a room hear each other, other rooms hear
/// nothing, the guard keeps out nameless clients and other sites' pages.
@Suite("Chat")
struct ChatTests {
    @Test(arguments: TestTransport.allCases)
    func membersOfARoomHearEachOtherAndOnlyThem(transport: TestTransport) async throws {
        let chat = Chat()
        try await TestClient.run(chat.app, transport: transport) { client in
            let ada = try await client.webSocket("/rooms/lobby?name=ada")
            #expect(try await ada.receiveJSON(ChatLine.self) == ChatLine(user: "server", text: "ada joined lobby"))
            let bo = try await client.webSocket("/rooms/lobby?name=bo", compression: true)
            #expect(bo.response.headers["Sec-WebSocket-Extensions"] == "permessage-deflate")
            #expect(try await ada.receiveJSON(ChatLine.self) == ChatLine(user: "server", text: "bo joined lobby"))
            #expect(try await bo.receiveJSON(ChatLine.self) == ChatLine(user: "server", text: "bo joined lobby"))
            let cy = try await client.webSocket("/rooms/garden?name=cy")
            #expect(try await cy.receiveJSON(ChatLine.self).text == "cy joined garden")

            try await ada.send("hello, lobby")
            #expect(try await ada.receiveJSON(ChatLine.self) == ChatLine(user: "ada", text: "hello, lobby"))
            #expect(try await bo.receiveJSON(ChatLine.self) == ChatLine(user: "ada", text: "hello, lobby"))
            await #expect(throws: TestWebSocketError.self) { _ = try await cy.receive(timeout: .milliseconds(200)) }

            let census = try await client.get("/rooms").json([RoomCount].self)
            #expect(census == [RoomCount(room: "garden", members: 1), RoomCount(room: "lobby", members: 2)])

            await bo.close()
            #expect(try await bo.closeCode() == .normalClosure)
            #expect(try await ada.receiveJSON(ChatLine.self) == ChatLine(user: "server", text: "bo left"))
            await #expect(throws: WebSocketError.self) { try await bo.send("too late") }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theGuardWantsANameAndThisSitesPages(transport: TestTransport) async throws {
        try await TestClient.run(Chat().app, transport: transport) { client in
            for target in ["/rooms/lobby", "/rooms/lobby?name=", "/rooms/lobby?name=a%20b", "/rooms/lobby?name=" + String(repeating: "x", count: 33)] {
                await #expect { _ = try await client.webSocket(target) } throws: { error in
                    guard case TestWebSocketError.refused(let response) = error else { return false }
                    return response.status == .forbidden
                }
            }
            await #expect { _ = try await client.webSocket("/rooms/lobby?name=eve", headers: ["Origin": "https://evil.example"]) } throws: { error in
                guard case TestWebSocketError.refused(let response) = error else { return false }
                return response.status == .forbidden
            }
            let same = try await client.webSocket("/rooms/lobby?name=ada", headers: ["Origin": "http://strata.test"])
            #expect(try await same.receiveJSON(ChatLine.self).text == "ada joined lobby")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func binaryMessagesAreRefusedWith1003(transport: TestTransport) async throws {
        try await TestClient.run(Chat().app, transport: transport) { client in
            let socket = try await client.webSocket("/rooms/lobby?name=ada")
            _ = try await socket.receiveJSON(ChatLine.self)
            try await socket.send([1, 2, 3])
            #expect(try await socket.closeCode() == .unsupportedData)
        }
    }

    @Test func thePageIsServed() async throws {
        try await TestClient.run(Chat().app) { client in
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.text.contains("new WebSocket("))
        }
    }
}
