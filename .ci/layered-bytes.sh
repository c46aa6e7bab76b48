#!/usr/bin/env bash
# The Hello example's /layered (four layers) and /layered-flat (one layer) must put the same
# bytes on the wire apart from the Date field: the bench divides one by the other to show what
# layering costs, which is only fair if the responses are equal.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
binary="${1:-.build/debug/Hello}"
log="$(mktemp)"
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -f "$log"' EXIT
start_server "$binary" "$log" --loops 1
layered="$(curl -si --max-time 5 "http://127.0.0.1:$SERVER_PORT/layered" | grep -v '^Date: ')"
flat="$(curl -si --max-time 5 "http://127.0.0.1:$SERVER_PORT/layered-flat" | grep -v '^Date: ')"
stop_server
if [ "$layered" != "$flat" ]; then
    echo "/layered and /layered-flat differ:"; diff <(echo "$layered") <(echo "$flat") || true; exit 1
fi
echo "/layered and /layered-flat: the same $(printf '%s' "$layered" | wc -c) bytes apart from Date"
