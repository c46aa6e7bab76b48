#!/usr/bin/env bash
# How often serving a request wakes a sleeping thread — the load generator, mostly — and sends
# an inter-processor interrupt, with the server's CPU time a request: `perf stat -a` on the
# scheduler's and the interrupt controller's tracepoints while wrk (core 1) loads
# Examples/Hello (one event loop, core 0), divided by the requests wrk counted. What made a
# slower route cost more over the wire than in process (Documentation/Performance.md, "Write
# coalescing"). Needs root for system-wide tracepoints; not part of CI.
#
#   Scripts/wakeups.sh                                  # /json and /guarded, 6 s each
#   PATHS="/plaintext /json" DURATION=10 Scripts/wakeups.sh
#   HELLO=../other/.build/release/Hello Scripts/wakeups.sh    # another build
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/common.sh
need wrk
need taskset util-linux
need perf linux-perf
PATHS="${PATHS:-/json /guarded}"
DURATION="${DURATION:-6}"
OUT="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

hello="${HELLO:-$(build_example Hello)}"
start_server "$hello" "$OUT/server.log" --loops 1
taskset -a -p -c 0 "$SERVER_PID" >/dev/null
events="sched:sched_wakeup"
# x86 names the interrupt that wakes another CPU; elsewhere only the wakeups are counted.
# (`grep -q` would stop reading early, and pipefail would count perf's broken pipe.)
if perf list 2>/dev/null | grep "irq_vectors:call_function_single_entry" >/dev/null; then
    events="$events,irq_vectors:call_function_single_entry"
fi

echo "| path | req/s | wakeups a request | IPIs a request | server CPU µs a request |"
echo "|---|---:|---:|---:|---:|"
for path in $PATHS; do
    curl -sf -o /dev/null "http://127.0.0.1:$SERVER_PORT$path"
    cpu="$(cpu_microseconds "$SERVER_PID")"
    perf stat -a -x, -e "$events" -o "$OUT/perf.txt" -- \
        taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" "http://127.0.0.1:$SERVER_PORT$path" >"$OUT/wrk.txt"
    cpu=$(( $(cpu_microseconds "$SERVER_PID") - cpu ))
    read_wrk "$OUT/wrk.txt"
    wakeups="$(awk -F, '$3 == "sched:sched_wakeup" { print $1 }' "$OUT/perf.txt")"
    ipis="$(awk -F, '$3 == "irq_vectors:call_function_single_entry" { print $1 }' "$OUT/perf.txt")"
    awk -v path="$path" -v rps="$WRK_RPS" -v n="$WRK_REQUESTS" -v w="$wakeups" -v i="${ipis:-}" \
        -v cpu="$cpu" 'BEGIN {
        printf "| %s | %.0f | %.3f | %s | %.1f |\n", path, rps, w / n, (i == "" ? "–" : sprintf("%.3f", i / n)), cpu / n
    }'
done
