#!/usr/bin/env bash
# What the request side of four layers costs in Strata and in Hummingbird, measured in one run:
# `/json` and `/guarded` (../shared/bench/README.md) from Examples/Hello and from the
# Hummingbird peer in Scripts/peers/hummingbird-guarded, each server on core 0 and wrk on core 1,
# the servers alternating round by round. Prints requests/s, the server's CPU time per request
# (from /proc), /guarded ÷ /json, and what /guarded adds to /json in µs.
#
#   Scripts/peer-guarded.sh            # 3 rounds of 6 s per endpoint
#   ROUNDS=5 DURATION=10 Scripts/peer-guarded.sh
#
# Not part of CI: the peer's first build takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/common.sh
need wrk
need taskset util-linux
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-6}"
OUT="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

strata="$(build_example Hello)"
swift build -c release --package-path Scripts/peers/hummingbird-guarded >&2
peer="Scripts/peers/hummingbird-guarded/.build/release/hummingbird-guarded"

# One server's round: req/s and CPU µs per request for each endpoint, appended to $OUT/rows.
measure() {
    local name="$1" port=8950
    shift
    taskset -c 0 "$@" >"$OUT/$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/json" && break; sleep 0.1; done
    for path in /json /guarded; do
        curl -sf -o /dev/null "http://127.0.0.1:$port$path"
        wrk_with_cpu "$SERVER_PID" "http://127.0.0.1:$port$path" "$DURATION" "$OUT/wrk.txt"
        echo "$name $path $WRK_RPS $WRK_CPU $WRK_REQUESTS" >>"$OUT/rows"
    done
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS" >&2
    measure hummingbird "$peer" 8950
    measure strata "$strata" --port 8950 --loops 1
done

python3 - "$OUT/rows" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print("| server | /json req/s | /guarded req/s | /guarded ÷ /json | CPU µs/request /json | /guarded | /guarded adds |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in ("hummingbird", "strata"):
    def rps(path):
        return [float(row[2]) for row in rows if row[0] == name and row[1] == path]
    def cpu(path):
        return [int(row[3]) / int(row[4]) for row in rows if row[0] == name and row[1] == path]
    json_rps, guarded_rps = rps("/json"), rps("/guarded")
    json_cpu, guarded_cpu = cpu("/json"), cpu("/guarded")
    ratios = [g / j for g, j in zip(guarded_rps, json_rps)]
    adds = [g - j for g, j in zip(guarded_cpu, json_cpu)]
    print(f"| {name} | {statistics.median(json_rps):,.0f} | {statistics.median(guarded_rps):,.0f} | "
          f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) | {statistics.median(json_cpu):.1f} | "
          f"{statistics.median(guarded_cpu):.1f} | {statistics.median(adds):.1f} ({min(adds):.1f}–{max(adds):.1f}) |")
PY
