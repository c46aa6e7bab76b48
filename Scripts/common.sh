# Helpers the reliability scripts share; sourced, not run.

# Installs a Debian package when its command is missing (the scripts run on clean machines).
need() {
    local command="$1" package="${2:-$1}"
    command -v "$command" >/dev/null && return
    echo "installing $package" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "$package" >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq "$package" >/dev/null; fi
}

# Builds an example in release mode; prints the binary's path.
build_example() {
    swift build -c release --product "$1" >&2
    echo ".build/release/$1"
}

# Starts a server binary on a free port with its output in $2; sets SERVER_PID and SERVER_PORT.
start_server() {
    local binary="$1" log="$2"
    shift 2
    "$binary" --port 0 "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
        grep -q "listening on" "$log" && break
        sleep 0.05
    done
    SERVER_PORT="$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$log" | head -n1)"
    [ -n "$SERVER_PORT" ] || { echo "the server did not report its port:"; cat "$log"; return 1; }
}

# Resident memory of a process in KiB.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# CPU time a process has used so far, user and system, in microseconds (/proc counts clock ticks).
cpu_microseconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($14 + $15) * 1e6 / hz }' "/proc/$1/stat"; }

# Loads URL $2 with `wrk -t1 -c64` on CPU 1 for $3 seconds (output kept in $4) while the
# server $1 works: sets the WRK_* figures (read_wrk) and WRK_CPU, the server's CPU time
# meanwhile in microseconds.
wrk_with_cpu() {
    local pid="$1" url="$2" seconds="$3" out="$4" before
    before="$(cpu_microseconds "$pid")"
    taskset -c 1 wrk -t1 -c64 -d"${seconds}s" "$url" >"$out"
    WRK_CPU=$(( $(cpu_microseconds "$pid") - before ))
    read_wrk "$out"
}

# Open file descriptors of a process.
fd_count() { ls "/proc/$1/fd" | wc -l; }

# The figures wrk printed: sets WRK_REQUESTS, WRK_CONNECT, WRK_READ, WRK_WRITE, WRK_TIMEOUT,
# WRK_NON2XX, WRK_RPS and WRK_P99 (from --latency) from wrk's output in $1.
read_wrk() {
    local out="$1"
    WRK_REQUESTS="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out")"
    local errors
    errors="$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$out")"
    read -r WRK_CONNECT WRK_READ WRK_WRITE WRK_TIMEOUT <<<"${errors:-0 0 0 0}"
    WRK_NON2XX="$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$out")"
    WRK_NON2XX="${WRK_NON2XX:-0}"
    WRK_RPS="$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out")"
    WRK_P99="$(awk '$1 == "99%" { print $2 }' "$out")"
}

# A TCP counter of this network namespace from /proc/net/snmp (e.g. EstabResets: established
# connections that ended in a reset, on either side; AttemptFails: connects that failed).
tcp_counter() {
    awk -v name="$1" '$1 == "Tcp:" { if (!header) { for (i = 2; i <= NF; i++) if ($i == name) column = i; header = 1 } else print $column }' /proc/net/snmp
}

# Stops the server with SIGTERM (a graceful shutdown) and returns its exit status.
stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null || return 1
    local status=0
    wait "$SERVER_PID" || status=$?
    SERVER_PID=
    return "$status"
}

# Records a failed check: `check 'CONDITION' "message"` prints FAIL and sets failed=1.
failed=0
check() { if ! eval "$1"; then echo "FAIL: $2"; failed=1; fi; }
