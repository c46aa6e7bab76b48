#!/usr/bin/env bash
# Load and soak: runs the Hello example under wrk at 512 connections and checks that there are
# no socket errors and no non-2xx answers, that resident memory after warm-up grows less than
# 10 % over the run, and that the open file-descriptor count returns to its baseline.
# Usage: Scripts/soak.sh [seconds, default 300] [connections, default 512]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
seconds="${1:-300}"
connections="${2:-512}"
warmup=15
need wrk
binary="$(build_example Hello)"
work="$(mktemp -d)"
trap 'kill ${SAMPLER_PID:-} 2>/dev/null || true; kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$work"' EXIT
# Every endpoint in turn: text, JSON encoded per request, four layers of headers and cookies, HTML.
cat >"$work/mix.lua" <<'LUA'
local paths = { "/plaintext", "/json", "/layered", "/" }
local index = 0
request = function()
    index = index % #paths + 1
    return wrk.format("GET", paths[index])
end
LUA
start_server "$binary" "$work/server.log"
url="http://127.0.0.1:$SERVER_PORT"
fds_baseline="$(fd_count "$SERVER_PID")"
wrk -t2 -c"$connections" -d"${warmup}s" -s "$work/mix.lua" "$url" >"$work/warmup.txt"
sleep 1
rss_warm="$(rss_kib "$SERVER_PID")"
( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_kib "$SERVER_PID" >>"$work/rss.txt"; sleep 2; done ) &
SAMPLER_PID=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/mix.lua" "$url" >"$work/wrk.txt"
rss_end="$(rss_kib "$SERVER_PID")"
kill "$SAMPLER_PID" 2>/dev/null || true
rss_peak="$(sort -n "$work/rss.txt" | tail -n1)"
# The server notices each closed connection on its next loop turn.
fds_end=0
for _ in $(seq 1 50); do
    fds_end="$(fd_count "$SERVER_PID")"
    [ "$fds_end" -le "$fds_baseline" ] && break
    sleep 0.1
done
read_wrk "$work/wrk.txt"
growth=$(( (rss_peak - rss_warm) * 1000 / rss_warm ))
cat <<REPORT
run:            ${seconds}s at $connections connections (after a ${warmup}s warm-up), endpoints /plaintext /json /layered /
requests:       $WRK_REQUESTS, $WRK_RPS req/s, p99 $WRK_P99
errors:         connect $WRK_CONNECT, read $WRK_READ, write $WRK_WRITE, timeout $WRK_TIMEOUT, non-2xx $WRK_NON2XX
memory (RSS):   $((rss_warm / 1024)) MiB after warm-up, peak $((rss_peak / 1024)) MiB, $((rss_end / 1024)) MiB at the end: growth $((growth / 10)).$((growth % 10)) %
descriptors:    $fds_baseline before, $fds_end after
REPORT
check '[ $((WRK_CONNECT + WRK_READ + WRK_WRITE + WRK_TIMEOUT)) -eq 0 ]' "socket errors"
check '[ "$WRK_NON2XX" -eq 0 ]' "non-2xx responses"
check '[ "$growth" -lt 100 ]' "resident memory grew by 10 % or more"
check '[ "$fds_end" -le "$fds_baseline" ]' "file descriptors did not return to the baseline"
check 'kill -0 "$SERVER_PID"' "the server died"
check 'stop_server' "the server did not exit 0 on SIGTERM"
[ "$failed" -eq 0 ] && echo "soak: ok"
exit "$failed"
