#!/usr/bin/env bash
# What an optional feature costs a route, as a ratio to the same run's /json: one Hello
# server pinned to CPU 0, wrk pinned to CPU 1, each case run in turn for ROUNDS rounds, the
# median of each case reported. Unlike the shared bench, a case may send request headers
# (a CORS `Origin`, an `Accept-Encoding`), which is what these features answer to.
#   Scripts/bench-features.sh [BINARY] [SECONDS] [ROUNDS]
# Cases are "name|path|header|header…"; CASES (newline-separated) replaces the default list.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
binary="${1:-}"
[ -n "$binary" ] || binary="$(build_example Hello)"
seconds="${2:-10}"
rounds="${3:-3}"
connections="${CONNECTIONS:-64}"
need wrk
need curl
need taskset util-linux
default_cases='json|/json
json-stack, no Origin|/json-stack
json-stack, allowed Origin|/json-stack|Origin: https://strata.example
json-stack, other Origin|/json-stack|Origin: https://other.example
json-2k, identity|/json-2k
json-2k, gzip|/json-2k|Accept-Encoding: gzip
json-2k, br|/json-2k|Accept-Encoding: br'
cases="${CASES:-$default_cases}"
work="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
# Where the server's log — access lines included — goes (LOG_SINK): `null` (the default),
# /dev/null — the server's own cost, formatting and one write(2) per line; `pipe`, to a reader
# as journald or Docker read a service's standard error (on a two-CPU machine the reader takes
# CPU from the server and wrk); `file`, appended to a file on disk.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
case "${LOG_SINK:-null}" in
    pipe) mkfifo "$work/log.fifo"
          awk -v out="$work/server.log" '!/label=strata.access/ { print > out; fflush(out); next } { lines++ }
              END { print "access lines: " lines > out }' <"$work/log.fifo" &
          taskset -c 0 "$binary" --port "$port" --loops 1 2>"$work/log.fifo" &
          SERVER_PID=$! ;;
    file) taskset -c 0 "$binary" --port "$port" --loops 1 2>"$work/server.log" &
          SERVER_PID=$! ;;
    null) taskset -c 0 "$binary" --port "$port" --loops 1 2>/dev/null &
          SERVER_PID=$! ;;
esac
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$port/plaintext" && break; sleep 0.05; done
curl -s -o /dev/null "http://127.0.0.1:$port/plaintext" || { echo "the server did not start"; exit 1; }
echo "server: taskset -c 0 $binary --loops 1; client: taskset -c 1 wrk -t1 -c$connections -d${seconds}s [-H …]; $rounds rounds"
mapfile -t specs <<<"$cases"
for round in $(seq 1 "$rounds"); do
    for index in "${!specs[@]}"; do
        IFS='|' read -r -a parts <<<"${specs[$index]}"
        headers=()
        for header in "${parts[@]:2}"; do headers+=(-H "$header"); done
        taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" "${headers[@]}" "http://127.0.0.1:$port${parts[1]}" >"$work/wrk-$index-$round.txt" 2>&1
        grep -q "Non-2xx" "$work/wrk-$index-$round.txt" && { echo "${parts[0]}: non-2xx answers"; cat "$work/wrk-$index-$round.txt"; exit 1; }
        awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-$index-$round.txt" >>"$work/rps-$index.txt"
    done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
base="$(median "$work/rps-0.txt")"
printf '| case | requests/s (median) | ÷ %s |\n|---|---:|---:|\n' "$(IFS='|' read -r -a p <<<"${specs[0]}"; echo "${p[0]}")"
for index in "${!specs[@]}"; do
    IFS='|' read -r -a parts <<<"${specs[$index]}"
    rps="$(median "$work/rps-$index.txt")"
    printf '| %s | %.0f | %.2f |\n' "${parts[0]}" "$rps" "$(awk -v a="$rps" -v b="$base" 'BEGIN { print a / b }')"
done
echo "log sink: ${LOG_SINK:-null}"
