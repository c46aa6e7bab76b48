#!/usr/bin/env bash
# Heap allocations per request: runs the Hello example (one event loop) with a malloc counter
# preloaded, sends N and then 3 × N keep-alive requests to each endpoint, and prints the
# difference divided by 2 × N — start-up and connection costs cancel out.
# Usage: Scripts/allocations.sh [N, default 1000] [path ...]   (default /plaintext /json /layered /layered-flat)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
need python3
count="${1:-1000}"
shift || true
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/plaintext /json /layered /layered-flat)
binary="$(build_example Hello)"
work="$(mktemp -d)"
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$work"' EXIT
# The toolchain's clang builds the counter; the package itself stays Swift only.
clang="$(dirname "$(command -v swift)")/clang"
[ -x "$clang" ] || clang=clang
"$clang" -O2 -shared -fPIC -o "$work/malloc-count.so" Scripts/malloc-count.c
# Only the server is counted, not the shell's helpers.
printf '#!/bin/sh\nLD_PRELOAD="%s" exec "%s" "$@"\n' "$work/malloc-count.so" "$PWD/$binary" >"$work/counted-server"
chmod +x "$work/counted-server"

# Allocations of one server run that answers $2 requests to $1.
allocations() {
    start_server "$work/counted-server" "$work/server.log" --loops 1
    python3 - "$SERVER_PORT" "$1" "$2" <<'PY'
import http.client, sys
port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connection = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(count):
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
connection.close()
PY
    stop_server
    sed -n 's/^allocations \([0-9]*\)$/\1/p' "$work/server.log"
}

printf '| endpoint | allocations per request |\n|---|---:|\n'
for path in "${paths[@]}"; do
    low="$(allocations "$path" "$count")"
    high="$(allocations "$path" $((3 * count)))"
    printf '| %s | %s |\n' "$path" "$(awk -v a="$low" -v b="$high" -v n="$count" 'BEGIN { printf "%.1f", (b - a) / (2 * n) }')"
done
