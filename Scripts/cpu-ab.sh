#!/usr/bin/env bash
# The server CPU time a request costs, two builds of Examples/Hello side by side: each build
# in turn on one core (0) under `wrk -t1 -c64` (core 1), ROUNDS times, alternating, with the
# median of the rounds. CPU time (user + system, /proc/PID/stat) divided by the requests wrk
# counted moves less between runs on a shared machine than requests a second do, which is
# what tells a change of a few percent from the noise. Not part of CI.
#
#   Scripts/cpu-ab.sh BEFORE_BINARY AFTER_BINARY                  # /json and /guarded
#   PATHS="/plaintext /json" ROUNDS=7 DURATION=8 Scripts/cpu-ab.sh old/Hello .build/release/Hello
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/common.sh
need wrk
need taskset util-linux
[ $# -eq 2 ] || { sed -n '2,10p' "$0"; exit 2; }
PATHS="${PATHS:-/json /guarded}"
ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-5}"
OUT="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

for round in $(seq 1 "$ROUNDS"); do
    for build in before after; do
        binary="$1"; [ "$build" = after ] && binary="$2"
        start_server "$binary" "$OUT/server.log" --loops 1
        taskset -a -p -c 0 "$SERVER_PID" >/dev/null
        for path in $PATHS; do
            curl -sf -o /dev/null "http://127.0.0.1:$SERVER_PORT$path"
            wrk_with_cpu "$SERVER_PID" "http://127.0.0.1:$SERVER_PORT$path" "$DURATION" "$OUT/wrk.txt"
            echo "$build $path $WRK_RPS $(awk -v c="$WRK_CPU" -v n="$WRK_REQUESTS" 'BEGIN { printf "%.2f", c / n }')" >>"$OUT/rounds.txt"
        done
        kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    done
    echo "round $round of $ROUNDS done" >&2
done

# Medians by build and path, then each path against the first one, per build.
python3 - "$OUT/rounds.txt" $PATHS <<'PY'
import sys, statistics
rows = [line.split() for line in open(sys.argv[1])]
paths = sys.argv[2:]
med = lambda values: statistics.median(values)
print("| build | path | req/s | CPU µs a request | rounds (µs) |")
print("|---|---|---:|---:|---|")
result = {}
for build in ("before", "after"):
    for path in paths:
        mine = [r for r in rows if r[0] == build and r[1] == path]
        rps, cpu = med(float(r[2]) for r in mine), med(float(r[3]) for r in mine)
        result[build, path] = (rps, cpu)
        print(f"| {build} | {path} | {rps:,.0f} | {cpu:.2f} | {', '.join(r[3] for r in mine)} |")
if len(paths) > 1:
    print()
    for build in ("before", "after"):
        base = result[build, paths[0]]
        for path in paths[1:]:
            rps, cpu = result[build, path]
            print(f"{build}: {path} ÷ {paths[0]}: req/s {rps / base[0]:.3f}, CPU a request {base[1] / cpu:.3f}")
PY
