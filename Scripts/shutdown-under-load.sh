#!/usr/bin/env bash
# SIGTERM while wrk runs: every request the server read gets its whole response (no resets),
# every background task already scheduled runs, and the process exits 0 within the drain
# timeout. Runs the BackgroundTasks example (POST /signup schedules a 20 ms "welcome mail").
# Usage: Scripts/shutdown-under-load.sh [connections] [seconds-before-SIGTERM]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
connections="${1:-512}"
before="${2:-5}"
need wrk
binary="$(build_example BackgroundTasks)"
work="$(mktemp -d)"
trap 'kill -9 ${SERVER_PID:-} ${WRK_PID:-} 2>/dev/null || true; rm -rf "$work"' EXIT
echo 'wrk.method = "POST"' >"$work/post.lua"
start_server "$binary" "$work/server.log"
resets_before="$(tcp_counter EstabResets)"
fails_before="$(tcp_counter AttemptFails)"
# wrk runs well past the signal: once the listener is closed it can only count refused
# connections, which is what a stopped server does.
wrk -t2 -c"$connections" -d"$((before + 10))s" -s "$work/post.lua" "http://127.0.0.1:$SERVER_PORT/signup" >"$work/wrk.txt" 2>&1 &
WRK_PID=$!
sleep "$before"
signalled=$(date +%s%N)
kill -TERM "$SERVER_PID"
status=0
wait "$SERVER_PID" || status=$?
stopped=$(date +%s%N)
wait "$WRK_PID" || true
resets=$(( $(tcp_counter EstabResets) - resets_before ))
refused=$(( $(tcp_counter AttemptFails) - fails_before ))
read_wrk "$work/wrk.txt"
counts="$(sed -n 's/.*msg="background tasks" scheduled=\([0-9]*\) finished=\([0-9]*\)$/\1 \2/p' "$work/server.log")"
read -r scheduled finished <<<"${counts:-x x}"
drain_ms=$(( (stopped - signalled) / 1000000 ))
cat <<REPORT
connections:                 $connections, SIGTERM after ${before}s
exit status:                 $status, ${drain_ms} ms after SIGTERM (drain timeout 30 s)
responses wrk read:          $WRK_REQUESTS (non-2xx: $WRK_NON2XX)
requests the server served:  $scheduled
background tasks finished:   $finished
wrk socket errors:           connect $WRK_CONNECT, read $WRK_READ, write $WRK_WRITE, timeout $WRK_TIMEOUT
kernel: connections reset:   $resets (established connections ending in a reset, /proc/net/snmp EstabResets)
kernel: connects refused:    $refused (AttemptFails: wrk reconnecting after the listener closed;
                             wrk counts a refused non-blocking connect as a write or read error)
REPORT
check '[ "$status" -eq 0 ]' "the server exited with $status"
check '[ "$drain_ms" -lt 30000 ]' "the shutdown took longer than the drain timeout"
check '[ "$scheduled" != x ] && [ "$scheduled" -gt 0 ]' "no background-task count in the server's output"
check '[ "$scheduled" = "$finished" ]' "background tasks lost: $scheduled scheduled, $finished finished"
check '[ "$scheduled" = "$WRK_REQUESTS" ]' "responses lost: the server served $scheduled, wrk read $WRK_REQUESTS"
check '[ "$WRK_TIMEOUT" -eq 0 ]' "wrk timed out on requests"
check '[ "$resets" -eq 0 ]' "$resets connections were reset"
check '[ $((WRK_READ + WRK_WRITE)) -le "$refused" ]' "wrk saw $((WRK_READ + WRK_WRITE)) read/write errors but only $refused connects were refused"
check '[ "$WRK_NON2XX" -eq 0 ]' "wrk saw error responses"
[ "$failed" -eq 0 ] && echo "shutdown under load: ok"
if [ "$failed" -ne 0 ]; then echo "--- server output"; tail -20 "$work/server.log"; echo "--- wrk"; cat "$work/wrk.txt"; fi
exit "$failed"
