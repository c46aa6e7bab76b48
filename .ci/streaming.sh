#!/usr/bin/env bash
# A server-sent events client that leaves between events is noticed at once: the Streaming
# example's /events writes a tick a second and a keep-alive comment every 15 s, so before the
# server watched for a client's close, SIGTERM after curl left waited for the next write
# (13 s measured) instead of exiting at once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
binary="${1:-.build/debug/Streaming}"
log="$(mktemp)"
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -f "$log"' EXIT
start_server "$binary" "$log" --loops 1
events="$(curl -sN --max-time 1.5 "http://127.0.0.1:$SERVER_PORT/events" || true)"
grep -q '^event: tick$' <<<"$events" || { echo "no tick from /events:"; echo "$events"; exit 1; }
signalled=$(date +%s%N)
status=0
stop_server || status=$?
exit_ms=$(( ($(date +%s%N) - signalled) / 1000000 ))
[ "$status" -eq 0 ] || { echo "Streaming exited with $status after SIGTERM"; cat "$log"; exit 1; }
echo "SIGTERM after the events client left: exited in ${exit_ms} ms"
[ "$exit_ms" -lt 2000 ] || { echo "the drain waited for a stream whose client had left"; exit 1; }
