import Strata
import StrataTesting
import Synchronization
import Testing

/// WebSocket routes on both transports: the handshake and its refusals, messages both ways,
/// guards and layered headers on the 101, the close handshake and its codes, limits, errors.
@Suite("WebSockets")
struct WebSocketTests {
    final class Reports: Sendable {
        let errors = Mutex<[String]>([])
        /// The dependency's life: provided, then cleaned up once the handler returned.
        let events = Mutex<[String]>([])
        let chattyEnded = Atomic<Bool>(false)
    }

    struct Line: Codable, Equatable {
        var user: String
        var text: String
    }

    static func app(reports: Reports = Reports(), options: WebSocketOptions = WebSocketOptions()) -> App {
        let member = Guard("member") { request in
            guard request.headers["Authorization"] == "Bearer member" else { throw HTTPError(.unauthorized) }
        }
        return App(reportError: { report in reports.errors.withLock { $0.append(report.description) } }, routes: [
            WebSocket("/echo", options: options) { _, socket in
                for await message in socket.messages {
                    try await socket.send(message)
                }
            },
            Router("/rooms", routes: [
                WebSocket("/{room}") { request, socket in
                    let room = request.parameters["room"] ?? ""
                    try await socket.send(json: Line(user: "server", text: "welcome to \(room)"))
                    while let message = await socket.receive() {
                        let line = try message.decode(Line.self)
                        try await socket.send(json: Line(user: line.user, text: line.text.uppercased()))
                    }
                },
            ])
            .guards(member)
            .headers(["X-Layer": "rooms"])
            .cookies([Cookie("seen", "yes")]),
            WebSocket("/fails") { _, socket in
                _ = await socket.receive()
                struct Broken: Error {}
                throw Broken()
            },
            WebSocket("/chatty") { _, socket in
                defer { reports.chattyEnded.store(true, ordering: .releasing) }
                while true {
                    try await socket.send("tick")
                    try await Task.sleep(for: .milliseconds(2))
                }
            },
            Router("/typed", routes: [
                WebSocket("/{n:int}", .path("n", as: Int.self), .query("greeting", as: String.self), .dependency(Int.self, name: "seed")) { _, socket, n, greeting, seed in
                    reports.events.withLock { $0.append("handler") }
                    try await socket.send("\(greeting) \(n + seed)")
                },
            ])
            .dependency(Int.self, name: "seed") { _ in
                reports.events.withLock { $0.append("provided") }
                return Provided(100) { reports.events.withLock { $0.append("cleaned up") } }
            },
            WebSocket("/bye") { _, socket in
                try await socket.send("bye")
                await socket.close(.policyViolation, reason: "not today")
            },
            WebSocket("/protocols", options: WebSocketOptions(subprotocols: ["chat.v2", "chat.v1"])) { _, socket in
                try await socket.send(socket.subprotocol ?? "none")
            },
        ])
    }

    @Test(arguments: TestTransport.allCases)
    func textAndBinaryMessagesEchoBothWays(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let socket = try await client.webSocket("/echo")
            #expect(socket.response.status == .switchingProtocols)
            try await socket.send("hello")
            #expect(try await socket.receiveText() == "hello")
            try await socket.send([0, 1, 2, 255])
            #expect(try await socket.receiveBinary() == [0, 1, 2, 255])
            let long = String(repeating: "ü", count: 40_000)
            try await socket.send(long)
            #expect(try await socket.receiveText() == long)
            await socket.close()
            #expect(try await socket.closeCode() == .normalClosure)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func guardsAndLayeredFieldsApplyToTheHandshake(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            await #expect {
                _ = try await client.webSocket("/rooms/lobby")
            } throws: { error in
                guard case TestWebSocketError.refused(let response) = error else { return false }
                return response.status == .unauthorized && response.headers["X-Layer"] == "rooms"
            }
            let socket = try await client.webSocket("/rooms/lobby", headers: ["Authorization": "Bearer member"])
            #expect(socket.response.headers["X-Layer"] == "rooms")
            #expect(socket.response.headers["Set-Cookie"]?.hasPrefix("seen=yes;") == true)
            #expect(socket.response.headers["Content-Length"] == nil)
            #expect(try await socket.receiveJSON(Line.self) == Line(user: "server", text: "welcome to lobby"))
            try await socket.send(json: Line(user: "ada", text: "hi all"))
            #expect(try await socket.receiveJSON(Line.self) == Line(user: "ada", text: "HI ALL"))
            await socket.close()
            #expect(try await socket.closeCode() == .normalClosure)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func requestsThatAreNotHandshakesAreRefused(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let plain = try await client.get("/echo")
            #expect(plain.status == .upgradeRequired)
            #expect(plain.headers["Upgrade"] == "websocket")
            #expect(plain.headers["Sec-WebSocket-Version"] == "13")
            let handshake: HTTPHeaders = ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="]
            var version8 = handshake
            version8.add("Sec-WebSocket-Version", "8")
            let old = try await client.get("/echo", headers: version8)
            #expect(old.status == .upgradeRequired)
            #expect(old.headers["Sec-WebSocket-Version"] == "13")
            var shortKey = handshake
            shortKey["Sec-WebSocket-Key"] = "c2hvcnQ="
            shortKey.add("Sec-WebSocket-Version", "13")
            #expect(try await client.get("/echo", headers: shortKey).status == .badRequest)
            var noConnection = handshake
            noConnection.remove("Connection")
            noConnection.add("Sec-WebSocket-Version", "13")
            #expect(try await client.get("/echo", headers: noConnection).status == .badRequest)
            var good = handshake
            good.add("Sec-WebSocket-Version", "13")
            #expect(try await client.post("/echo", headers: good).status == .methodNotAllowed)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theHandshakeAnswersWithTheRFCsAcceptValue(transport: TestTransport) async throws {
        // RFC 6455 §1.3's example key and answer.
        #expect(WebSocketHandshake.acceptValue(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        try await TestClient.run(Self.app(), transport: transport) { client in
            let response = try await client.get("/echo", headers: [
                "Upgrade": "websocket", "Connection": "keep-alive, Upgrade",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
            ])
            #expect(response.status == .switchingProtocols)
            #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
            #expect(response.headers["Upgrade"] == "websocket")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aHandlerThatThrowsClosesWith1011AndIsReported(transport: TestTransport) async throws {
        let reports = Reports()
        try await TestClient.run(Self.app(reports: reports), transport: transport) { client in
            let socket = try await client.webSocket("/fails")
            try await socket.send("go")
            #expect(try await socket.closeCode() == .internalError)
        }
        #expect(reports.errors.withLock { $0 }.contains { $0.contains("WebSocket handler failed in GET /fails") })
    }

    @Test(arguments: TestTransport.allCases)
    func aSendThatMeetsTheClientsCloseIsNotAnError(transport: TestTransport) async throws {
        let reports = Reports()
        try await TestClient.run(Self.app(reports: reports), transport: transport) { client in
            let socket = try await client.webSocket("/chatty")
            #expect(try await socket.receiveText() == "tick")
            await socket.close(.goingAway)
            #expect(try await socket.closeCode() == .goingAway)
            for _ in 0..<400 where !reports.chattyEnded.load(ordering: .acquiring) {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        let ended = reports.chattyEnded.load(ordering: .acquiring)
        #expect(ended)
        #expect(reports.errors.withLock { $0 }.isEmpty)
    }

    @Test(arguments: TestTransport.allCases)
    func typedInputsAreCheckedBeforeTheUpgradeAndDependenciesLiveAsLongAsTheHandler(transport: TestTransport) async throws {
        let reports = Reports()
        try await TestClient.run(Self.app(reports: reports), transport: transport) { client in
            await #expect { _ = try await client.webSocket("/typed/5") } throws: { error in
                guard case TestWebSocketError.refused(let response) = error else { return false }
                return response.status == .badRequest && response.text.contains("greeting")
            }
            // A plain GET still learns that the resource needs a WebSocket.
            #expect(try await client.get("/typed/5").status == .upgradeRequired)
            let socket = try await client.webSocket("/typed/5?greeting=hi")
            #expect(try await socket.receiveText() == "hi 105")
            #expect(try await socket.closeCode() == .normalClosure)
            for _ in 0..<400 where reports.events.withLock({ $0.count }) < 3 {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        #expect(reports.events.withLock { $0 } == ["provided", "handler", "cleaned up"])
    }

    @Test(arguments: TestTransport.allCases)
    func theHandlersCloseCodeAndReasonReachTheClient(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let socket = try await client.webSocket("/bye")
            #expect(try await socket.receiveText() == "bye")
            #expect(try await socket.closeCode() == .policyViolation)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theFirstSubprotocolTheServerPrefersIsAgreed(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let both = try await client.webSocket("/protocols", subprotocols: ["chat.v1", "chat.v2"])
            #expect(both.subprotocol == "chat.v2")
            #expect(try await both.receiveText() == "chat.v2")
            let none = try await client.webSocket("/protocols", subprotocols: ["other"])
            #expect(none.subprotocol == nil)
            #expect(try await none.receiveText() == "none")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aMessageOverTheLimitClosesWith1009(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(options: WebSocketOptions(maxFrameSize: 1024, maxMessageSize: 1024)), transport: transport) { client in
            let socket = try await client.webSocket("/echo")
            try await socket.send(String(repeating: "a", count: 1024))
            #expect(try await socket.receiveText().count == 1024)
            try await socket.send(String(repeating: "a", count: 1025))
            #expect(try await socket.closeCode() == .messageTooBig)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func invalidUTF8ClosesWith1007(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let socket = try await client.webSocket("/echo")
            // A masked text frame holding 0xC0 0x80, an overlong NUL.
            var frame: [UInt8] = []
            WebSocketFrame.append(opcode: .text, payload: [0xC0, 0x80], maskingKey: (1, 2, 3, 4), into: &frame)
            socket.sendRaw(frame)
            #expect(try await socket.closeCode() == .invalidFramePayloadData)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func compressedMessagesRoundTrip(transport: TestTransport) async throws {
        let options = WebSocketOptions(compression: WebSocketCompression())
        try await TestClient.run(Self.app(options: options), transport: transport) { client in
            let socket = try await client.webSocket("/echo", compression: true)
            #expect(socket.response.headers["Sec-WebSocket-Extensions"] == "permessage-deflate")
            for round in 0..<3 {
                let text = String(repeating: "compress me \(round) ", count: 500)
                try await socket.send(text)
                #expect(try await socket.receiveText() == text)
            }
            try await socket.send("")
            #expect(try await socket.receiveText() == "")
            await socket.close()
            #expect(try await socket.closeCode() == .normalClosure)
        }
    }
}
