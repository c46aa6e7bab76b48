import Strata

/// The chat service: a page, the list of rooms, and a WebSocket per member.
struct Chat: Sendable {
    let rooms = ChatRooms()

    /// Who may join: a name of 1–32 letters, digits, `-` or `_` in the `name` query parameter
    /// (a browser cannot set headers on a WebSocket), and — against cross-site WebSocket
    /// hijacking, which neither cookies nor CORS prevent — a page of this origin, if the
    /// client is a browser (it sends `Origin`).
    static let member = Guard("member", refuses: [.forbidden]) { request in
        guard let name = request.query["name"], (1...32).contains(name.count),
              name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
            throw HTTPError(.forbidden, detail: "Join with ?name= and 1 to 32 letters, digits, - or _.")
        }
        if let origin = request.headers["Origin"], origin != "http://\(request.headers["Host"] ?? "")" {
            throw HTTPError(.forbidden, detail: "WebSockets are open to this site's own pages.")
        }
        request.context[MemberName.self] = name
    }

    var app: App {
        App(routes: [
            Get("/", mediaType: .html) { _ in Self.page },
            Get("/rooms") { _ in await rooms.census() },
            Router("/rooms", routes: [
                WebSocket("/{room}", options: WebSocketOptions(maxFrameSize: 16 * 1024, maxMessageSize: 16 * 1024,
                                                               compression: WebSocketCompression())) { [rooms] request, socket in
                    let room = request.parameters["room"] ?? "lobby"
                    let name = request.context[MemberName.self] ?? "someone"
                    let member = await rooms.join(room, socket)
                    await rooms.broadcast(ChatLine(user: "server", text: "\(name) joined \(room)"), to: room)
                    for await message in socket.messages {
                        guard case .text(let text) = message else {
                            await socket.close(.unsupportedData, reason: "text only")
                            break
                        }
                        await rooms.broadcast(ChatLine(user: name, text: text), to: room)
                    }
                    await rooms.leave(room, member: member)
                    await rooms.broadcast(ChatLine(user: "server", text: "\(name) left"), to: room)
                },
            ])
            .guards(Self.member),
        ])
    }

    /// The page: join a room, read its lines, write your own.
    static let page = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>Strata chat</title>
    <style>body{font:16px system-ui;max-width:40em;margin:2em auto}#log{border:1px solid #ccc;height:20em;overflow:auto;padding:.5em}
    #log p{margin:.2em 0}b{color:#245}</style></head>
    <body><h1>Strata chat</h1>
    <form id="join">Room <input id="room" value="lobby"> Name <input id="name" value="guest"> <button>Join</button></form>
    <div id="log" aria-live="polite"></div>
    <form id="say"><input id="text" size="50" autocomplete="off"> <button>Send</button></form>
    <p id="status">not connected</p>
    <script>
    const params = new URLSearchParams(location.search);
    let socket;
    function line(user, text) {
      const p = document.createElement("p");
      const b = document.createElement("b"); b.textContent = user + ": ";
      p.append(b, document.createTextNode(text));
      document.getElementById("log").append(p);
    }
    function join(room, name) {
      if (socket) socket.close();
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(`${scheme}//${location.host}/rooms/${encodeURIComponent(room)}?name=${encodeURIComponent(name)}`);
      socket.onopen = () => {
        document.getElementById("status").textContent = "connected to " + room;
        if (params.has("say")) socket.send(params.get("say"));
      };
      socket.onmessage = (event) => { const l = JSON.parse(event.data); line(l.user, l.text); };
      socket.onclose = (event) => { document.getElementById("status").textContent = "closed " + event.code; };
    }
    document.getElementById("join").onsubmit = (e) => { e.preventDefault(); join(room.value, name.value); };
    document.getElementById("say").onsubmit = (e) => { e.preventDefault(); socket?.send(text.value); text.value = ""; };
    if (params.has("room")) join(params.get("room"), params.get("name") || "guest");
    </script></body></html>
    """
}

/// The member's name, from the guard to the handler.
enum MemberName: ContextKey {
    typealias Value = String
}
