#!/usr/bin/env bash
# Hostile clients against the Hello example: slowloris (1,000 connections, one byte per second)
# measured by a normal client's p99 with and without it; clients that half-close, reset
# mid-response, send an endless chunked body over the limit, or send header bombs. After each
# the server must still serve and its descriptors return to the baseline.
# Usage: Scripts/hostile-clients.sh [attack ...]   (slowloris half-close reset chunked headers)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
need wrk
need python3
binary="$(build_example Hello)"
work="$(mktemp -d)"
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$work"' EXIT
start_server "$binary" "$work/server.log"
status=0
python3 Scripts/hostile_clients.py --port "$SERVER_PORT" --pid "$SERVER_PID" "$@" || status=$?
kill -0 "$SERVER_PID" 2>/dev/null || { echo "FAIL: the server died"; cat "$work/server.log"; status=1; }
stop_server || { echo "FAIL: the server did not shut down cleanly"; cat "$work/server.log"; status=1; }
exit "$status"
