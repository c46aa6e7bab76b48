#!/usr/bin/env bash
# Restarts that drop nothing, measured behind a real proxy (127.0.0.1 only, bounded):
#  1. three instances of Examples/Hello as nginx's round-robin upstream, wrk at 256
#     connections, each instance in turn restarted (SIGTERM, drain, a new process);
#  2. one instance restarted in place through port sharing (the new process starts with
#     --share-port beside the old one, then the old one gets SIGTERM);
#  3. one instance restarted in place through socket activation (Scripts/socket_activate.py
#     holds the socket as systemd does; a restart is SIGTERM, exit, new process);
#  4. three instances behind HAProxy, which polls /health/ready: each started with
#     --drain-delay 3, so it answers 503 there for 3 s after SIGTERM while it still serves,
#     and HAProxy takes it out before its port closes.
# Each phase passes with zero socket errors and zero non-2xx in wrk's report, and the nginx
# phases with zero non-2xx in nginx's access log. Installs nginx, HAProxy and wrk from
# Debian's packages when missing.
# Usage: Scripts/rolling-restart.sh [BINARY] [SECONDS_PHASE_1] [SECONDS_PHASES_2_3] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
need wrk
need nginx
need haproxy
binary="${1:-}"
[ -n "$binary" ] || binary="$(build_example Hello)"
first="${2:-60}"
others="${3:-30}"
connections="${4:-256}"
path=/json
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]:-}" ${NGINX_PID:-} ${WRK_PID:-} ${LAUNCHER_PID:-} ${HAPROXY_PID:-}; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
    pkill -9 -f "socket_activate.py 127.0.0.1" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts an instance on port $1 with extra arguments, in this shell (so it can be waited
# for); sets STARTED to its pid.
start_instance() {
    local port="$1" log="$work/instance-$1-$RANDOM.log"
    shift
    "$binary" --port "$port" --loops 1 "$@" >"$log" 2>&1 &
    STARTED=$!
    for _ in $(seq 1 200); do grep -q "listening on" "$log" && break; sleep 0.02; done
    grep -q "listening on" "$log" || { echo "instance on $port did not start:"; cat "$log"; return 1; }
}

# Sends SIGTERM to instance $1 and waits for it; fails unless it exits 0.
stop_instance() {
    kill -TERM "$1"
    local status=0
    wait "$1" || status=$?
    [ "$status" -eq 0 ] || { echo "instance $1 exited with $status"; failed=1; }
}

# Writes nginx's configuration for upstream ports "$@" and (re)starts it on $NGINX_PORT.
start_nginx() {
    local servers=""
    for port in "$@"; do servers+="        server 127.0.0.1:$port max_fails=0;"$'\n'; done
    mkdir -p "$work/nginx/logs"
    cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
    access_log $work/nginx/logs/access.log combined;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    upstream strata {
$servers        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://strata;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout;
            # wrk closes its connections mid-request when its time is up: the access log
            # should show the instances' answers, not nginx's 499 for a client that left.
            proxy_ignore_client_abort on;
        }
    }
}
CONF
    : >"$work/nginx/logs/access.log"
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
    NGINX_PID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT$path" && break; sleep 0.05; done
}

stop_nginx() { kill -QUIT "$NGINX_PID"; wait "$NGINX_PID" || true; NGINX_PID=; }

# Runs wrk for $1 seconds in the background, against port $2 (nginx's by default).
start_wrk() {
    wrk -t2 -c"$connections" -d"$1s" --latency "http://127.0.0.1:${2:-$NGINX_PORT}$path" >"$work/wrk.txt" 2>&1 &
    WRK_PID=$!
}

# Starts HAProxy on $HAPROXY_PORT in front of ports "$@", as Documentation/Deployment.md
# configures it (without TLS), polling readiness every second.
start_haproxy() {
    local servers="" index=0
    for port in "$@"; do servers+="    server s$index 127.0.0.1:$port check"$'\n'; index=$((index + 1)); done
    cat >"$work/haproxy.cfg" <<CONF
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch
frontend www
    bind 127.0.0.1:$HAPROXY_PORT
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    default_backend strata
backend strata
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
$servers
CONF
    haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
    HAPROXY_PID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$HAPROXY_PORT$path" && break; sleep 0.05; done
}

# Waits for wrk, then reports phase $1 from wrk's output and nginx's access log.
finish_phase() {
    wait "$WRK_PID" || true
    WRK_PID=
    read_wrk "$work/wrk.txt"
    local logged=0 non2xx=0 log="${2:-$work/nginx/logs/access.log}"
    if [ "$log" != none ]; then
        logged="$(wc -l <"$log")"
        non2xx="$(awk '$9 !~ /^2/' "$log" | wc -l)"
    fi
    local errors=$((WRK_CONNECT + WRK_READ + WRK_WRITE + WRK_TIMEOUT))
    printf '%-34s %9s requests, %8s req/s, p99 %7s, max %7s; socket errors %s, non-2xx %s (wrk) / %s of %s (proxy log)\n' \
        "$1" "$WRK_REQUESTS" "$WRK_RPS" "$WRK_P99" "$(awk '$1 == "Latency" { print $4 }' "$work/wrk.txt")" "$errors" "$WRK_NON2XX" "$non2xx" "$logged"
    check '[ "$errors" -eq 0 ]' "$1: wrk counted $errors socket errors"
    check '[ "$WRK_NON2XX" -eq 0 ]' "$1: wrk counted $WRK_NON2XX non-2xx responses"
    if [ "$log" != none ]; then
        check '[ "$non2xx" -eq 0 ]' "$1: nginx logged $non2xx non-2xx responses: $(awk '$9 !~ /^2/ { print $9 }' "$log" | sort | uniq -c | tr '\n' ' ')"
    fi
    check '[ "$WRK_REQUESTS" -gt 0 ]' "$1: no requests"
}

NGINX_PORT="$(free_port)"
echo "binary: $binary; wrk -t2 -c$connections through nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'); $(nproc) CPUs"

# 1. Three instances, each restarted in turn.
ports=("$(free_port)" "$(free_port)" "$(free_port)")
for index in 0 1 2; do start_instance "${ports[$index]}"; pids[$index]=$STARTED; done
start_nginx "${ports[@]}"
start_wrk "$first"
gap=$(( first / 4 ))
for index in 0 1 2; do
    sleep "$gap"
    began=$(date +%s%N)
    stop_instance "${pids[$index]}"
    drained=$(( ($(date +%s%N) - began) / 1000000 ))
    start_instance "${ports[$index]}"
    pids[$index]=$STARTED
    echo "  instance on ${ports[$index]}: drained in $drained ms, replaced after $(( ($(date +%s%N) - began) / 1000000 )) ms"
done
finish_phase "three instances, rolling restart:"
stop_nginx
for pid in "${pids[@]}"; do stop_instance "$pid"; done
pids=()

# 2. One instance, restarted in place through port sharing.
port="$(free_port)"
start_instance "$port" --share-port
pids[0]=$STARTED
start_nginx "$port"
start_wrk "$others"
for round in 1 2; do
    sleep $(( others / 3 ))
    began=$(date +%s%N)
    start_instance "$port" --share-port
    next=$STARTED
    stop_instance "${pids[0]}"
    pids[0]=$next
    echo "  in place, round $round: new process up and old one drained in $(( ($(date +%s%N) - began) / 1000000 )) ms"
done
finish_phase "one instance, port sharing:"
stop_nginx
stop_instance "${pids[0]}"
pids=()

# 3. One instance, restarted in place through socket activation.
port="$(free_port)"
python3 Scripts/socket_activate.py 127.0.0.1 "$port" "$binary" --loops 1 >"$work/launcher.log" 2>&1 &
LAUNCHER_PID=$!
for _ in $(seq 1 200); do grep -q "listening on http" "$work/launcher.log" && break; sleep 0.02; done
start_nginx "$port"
start_wrk "$others"
for round in 1 2; do
    sleep $(( others / 3 ))
    count="$(grep -c "restarted in" "$work/launcher.log" || true)"
    kill -HUP "$LAUNCHER_PID"
    for _ in $(seq 1 500); do [ "$(grep -c "restarted in" "$work/launcher.log" || true)" -gt "$count" ] && break; sleep 0.02; done
    echo "  socket activation, round $round: $(grep "restarted in" "$work/launcher.log" | tail -n 1)"
done
finish_phase "one instance, socket activation:"
stop_nginx
kill -TERM "$LAUNCHER_PID"; wait "$LAUNCHER_PID" || true
LAUNCHER_PID=

# 4. Three instances behind HAProxy, which stops sending once readiness fails.
HAPROXY_PORT="$(free_port)"
ports=("$(free_port)" "$(free_port)" "$(free_port)")
for index in 0 1 2; do start_instance "${ports[$index]}" --drain-delay 3; pids[$index]=$STARTED; done
start_haproxy "${ports[@]}"
sleep 2.5   # every server checked UP twice
start_wrk "$first" "$HAPROXY_PORT"
gap=$(( first / 4 ))
for index in 0 1 2; do
    sleep "$gap"
    began=$(date +%s%N)
    stop_instance "${pids[$index]}"
    start_instance "${ports[$index]}" --drain-delay 3
    pids[$index]=$STARTED
    echo "  instance on ${ports[$index]}: unready, drained and replaced after $(( ($(date +%s%N) - began) / 1000000 )) ms"
done
finish_phase "three instances behind HAProxy:" none
kill -USR1 "$HAPROXY_PID"; wait "$HAPROXY_PID" || true
HAPROXY_PID=
for pid in "${pids[@]}"; do stop_instance "$pid"; done
pids=()
exit "$failed"
