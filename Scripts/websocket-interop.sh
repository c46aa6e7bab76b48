#!/usr/bin/env bash
# WebSocket interoperability with real clients: the Python `websockets` library (from PyPI,
# with permessage-deflate as it offers it) and headless Chromium (Debian's package) on a real
# page of Examples/Chat. Both installed by this script; traffic on 127.0.0.1 only.
#
#   Scripts/websocket-interop.sh [CHAT_BINARY]     default .build/debug/Chat (built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY="${1:-.build/debug/Chat}"
ENV=.build/interop-env
[ -x "$BINARY" ] || swift build --product Chat
if [ ! -x "$ENV/bin/python" ]; then
    python3 -m venv "$ENV"
    "$ENV/bin/pip" install --quiet --disable-pip-version-check 'websockets>=12'
fi
if ! command -v chromium >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi

source Scripts/common.sh
start_server "$BINARY" .build/interop-server.log --host 127.0.0.1
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
PORT=$SERVER_PORT

"$ENV/bin/python" - "$PORT" <<'PY'
import asyncio, json, subprocess, sys, urllib.request
import websockets

port = sys.argv[1]
base = f"ws://127.0.0.1:{port}/rooms"

async def expect(socket, user, text):
    line = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert line == {"user": user, "text": text}, line

async def main():
    # websockets offers permessage-deflate by default: the server agrees, and both ends compress.
    async with websockets.connect(f"{base}/lobby?name=py") as py:
        assert "permessage-deflate" in (py.response.headers.get("Sec-WebSocket-Extensions") or ""), py.response.headers
        await expect(py, "server", "py joined lobby")
        await py.send("hello from python " + "x" * 5000)
        await expect(py, "py", "hello from python " + "x" * 5000)
        print("websockets: compressed round trip OK")

        # A real browser on the real page joins the room and says something; what its page
        # shows is read back through the DevTools protocol (itself a WebSocket).
        devtools = int(port) + 1
        chromium = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={devtools}",
             f"http://127.0.0.1:{port}/?room=lobby&name=chromium&say=hello%20from%20chromium"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            await expect(py, "server", "chromium joined lobby")
            await expect(py, "chromium", "hello from chromium")
            page = None
            for _ in range(100):
                try:
                    targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list", timeout=2).read())
                    page = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
                    break
                except Exception:
                    await asyncio.sleep(0.1)
            assert page, "no DevTools page target"
            async with websockets.connect(page, max_size=None) as tools:
                shown = ""
                for attempt in range(100):
                    await tools.send(json.dumps({"id": attempt, "method": "Runtime.evaluate", "params": {
                        "expression": "document.getElementById('log').innerText + '|' + document.getElementById('status').textContent"}}))
                    while True:
                        reply = json.loads(await asyncio.wait_for(tools.recv(), 10))
                        if reply.get("id") == attempt:
                            break
                    shown = reply["result"]["result"]["value"]
                    if "chromium: hello from chromium" in shown:
                        break
                    await asyncio.sleep(0.1)
                assert "chromium: hello from chromium" in shown and "connected to lobby" in shown, shown
        finally:
            chromium.kill()
            chromium.wait()
        print("chromium: joined, sent, and received its own line back OK")

    # Over the room's 16 KB limit: the server closes with 1009.
    async with websockets.connect(f"{base}/lobby?name=big", compression=None) as big:
        await expect(big, "server", "big joined lobby")
        await big.send("y" * 20000)
        try:
            await asyncio.wait_for(big.recv(), 10)
            raise AssertionError("the oversized message was accepted")
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd.code == 1009, closed
    print("websockets: 1009 for an oversized message OK")

    # Another site's page is refused before the upgrade.
    try:
        async with websockets.connect(f"{base}/lobby?name=eve", origin="https://evil.example"):
            raise AssertionError("a foreign origin was let in")
    except websockets.InvalidStatus as refused:
        assert refused.response.status_code == 403
    print("websockets: foreign Origin refused with 403 OK")

asyncio.run(main())
PY
