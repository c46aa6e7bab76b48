#!/usr/bin/env bash
# Starts the Hello example and checks that it answers (/json, /guarded); that /layered (four layers) and
# /layered-flat (one layer) put the same bytes on the wire apart from Date — the bench divides
# one by the other to show what layering costs, which is fair only if they are equal; that a
# second copy on the same port exits 1 with "address already in use"; and that
# on SIGTERM the process shuts down gracefully and exits 0. (Requests in flight during
# shutdown are covered by HTTPServerTests.gracefulShutdownFinishesInFlightRequestsAndBackgroundWork.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
binary="${1:-.build/debug/Hello}"
log="$(mktemp)"
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -f "$log"' EXIT
start_server "$binary" "$log" --loops 1
body="$(curl -s --max-time 5 "http://127.0.0.1:$SERVER_PORT/json")"
[ "$body" = '{"message":"Hello, World!"}' ] || { echo "unexpected /json body: $body"; exit 1; }
layered="$(curl -si --max-time 5 "http://127.0.0.1:$SERVER_PORT/layered" | grep -v '^Date: ')"
flat="$(curl -si --max-time 5 "http://127.0.0.1:$SERVER_PORT/layered-flat" | grep -v '^Date: ')"
if [ "$layered" != "$flat" ]; then
    echo "/layered and /layered-flat differ:"; diff <(echo "$layered") <(echo "$flat") || true; exit 1
fi
echo "/layered and /layered-flat: the same $(printf '%s' "$layered" | wc -c) bytes apart from Date"
# /guarded as the shared bench defines it: the /json body and one middleware header per layer.
guarded="$(curl -si --max-time 5 "http://127.0.0.1:$SERVER_PORT/guarded" | tr -d '\r')"
for layer in app router controller handler; do
    grep -q "^x-$layer-m: 1$" <<<"$guarded" || { echo "/guarded lacks x-$layer-m:"; echo "$guarded"; exit 1; }
done
[ "$(tail -n 1 <<<"$guarded")" = '{"message":"Hello, World!"}' ] || { echo "unexpected /guarded body"; echo "$guarded"; exit 1; }
echo "/guarded: four layers' guards, middleware and dependencies answered"
# A second copy on the same port fails with a clear message instead of taking half the traffic.
second=0
second_out="$(timeout 10 "$binary" --port "$SERVER_PORT" --loops 1 2>&1)" || second=$?
[ "$second" -eq 1 ] || { echo "a second Hello on port $SERVER_PORT exited with $second:"; echo "$second_out"; exit 1; }
grep -q "address already in use" <<<"$second_out" || { echo "no clear message from a second Hello:"; echo "$second_out"; exit 1; }
echo "a second server on the port: refused, $(grep -o "address already in use" <<<"$second_out")"
port="$SERVER_PORT"
status=0
stop_server || status=$?
[ "$status" -eq 0 ] || { echo "Hello exited with $status after SIGTERM"; cat "$log"; exit 1; }
grep -q "shutting down" "$log" || { echo "no shutdown message"; cat "$log"; exit 1; }
echo "graceful shutdown: ok (port $port)"
