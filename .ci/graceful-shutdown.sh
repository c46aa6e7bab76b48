#!/usr/bin/env bash
# Starts the Hello example, checks that it answers, sends SIGTERM and checks that the process
# shuts down gracefully and exits 0. (Requests in flight during shutdown are covered by
# HTTPServerTests.gracefulShutdownFinishesInFlightRequestsAndBackgroundWork.)
set -euo pipefail
binary="${1:-.build/debug/Hello}"
log="$(mktemp)"
"$binary" --port 0 --loops 1 > "$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$log" && break
    sleep 0.05
done
port="$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$log" | head -n1)"
[ -n "$port" ] || { echo "Hello did not report its port"; cat "$log"; exit 1; }
body="$(curl -s --max-time 5 "http://127.0.0.1:$port/json")"
[ "$body" = '{"message":"Hello, World!"}' ] || { echo "unexpected /json body: $body"; exit 1; }
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || { echo "Hello exited with $status after SIGTERM"; cat "$log"; exit 1; }
grep -q "shutting down" "$log" || { echo "no shutdown message"; cat "$log"; exit 1; }
echo "graceful shutdown: ok (port $port)"
