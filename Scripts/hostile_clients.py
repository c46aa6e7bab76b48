#!/usr/bin/env python3
"""Hostile clients against a running Hello example (Scripts/hostile-clients.sh starts it).

Each attack runs, then the server must still answer a normal request and its open file
descriptors must return to the baseline: the attack's connections were freed. Slowloris is
measured by a normal client's p99 latency under wrk, without and with the attack.
Only ever talks to 127.0.0.1, with bounded loops.
"""
import argparse
import os
import re
import resource
import selectors
import socket
import struct
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
failures = []


def check(condition, message):
    print(("  ok    " if condition else "  FAIL  ") + message)
    if not condition:
        failures.append(message)


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def settle_fds(pid, baseline, seconds=5.0):
    """The server notices closed connections on its next loop turn; give it a moment."""
    deadline = time.monotonic() + seconds
    count = fd_count(pid)
    while count > baseline and time.monotonic() < deadline:
        time.sleep(0.05)
        count = fd_count(pid)
    return count


def connect(port, timeout=5.0):
    sock = socket.create_connection((HOST, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_until_closed(sock, limit=1 << 20, timeout=5.0):
    """Everything the server sends until it closes (or `timeout`); and whether it closed."""
    sock.settimeout(timeout)
    received = b""
    try:
        while len(received) < limit:
            chunk = sock.recv(65536)
            if not chunk:
                return received, True
            received += chunk
    except ConnectionResetError:
        return received, True
    except socket.timeout:
        return received, False
    return received, False


def status_of(response):
    match = re.match(rb"HTTP/1\.1 (\d{3})", response)
    return int(match.group(1)) if match else None


def normal_request(port):
    try:
        sock = connect(port)
        sock.sendall(b"GET /plaintext HTTP/1.1\r\nHost: strata\r\nConnection: close\r\n\r\n")
        response, _ = read_until_closed(sock)
        sock.close()
        return status_of(response) == 200 and response.endswith(b"Hello, World!")
    except OSError:
        return False


def after_attack(name, args):
    check(normal_request(args.port), f"{name}: a normal request is still answered")
    count = settle_fds(args.pid, args.baseline)
    check(count <= args.baseline, f"{name}: open descriptors back to {args.baseline} (now {count})")


# Slowloris ------------------------------------------------------------------------------

class Slowloris(threading.Thread):
    """Keeps `count` connections open, each sending one byte of a never-ending head per
    second; a connection the server closes (408 after its header timeout) is replaced."""

    def __init__(self, port, count):
        super().__init__(daemon=True)
        self.port, self.count = port, count
        self.stop = threading.Event()
        self.opened = self.closed_by_server = self.timeouts_408 = self.peak = 0
        self.connections = {}

    def open_one(self, selector):
        try:
            sock = connect(self.port)
        except OSError:
            return
        sock.setblocking(False)
        sock.send(b"GET /plaintext HTTP/1.1\r\nHost: strata\r\nX-Slow: ")
        selector.register(sock, selectors.EVENT_READ)
        self.connections[sock] = b""
        self.opened += 1

    def run(self):
        selector = selectors.DefaultSelector()
        for _ in range(self.count):
            self.open_one(selector)
        next_byte = time.monotonic() + 1
        while not self.stop.is_set():
            self.peak = max(self.peak, len(self.connections))
            for key, _ in selector.select(timeout=0.1):
                sock = key.fileobj
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                if data:
                    self.connections[sock] += data
                    continue
                if status_of(self.connections[sock]) == 408:
                    self.timeouts_408 += 1
                self.closed_by_server += 1
                selector.unregister(sock)
                sock.close()
                del self.connections[sock]
                self.open_one(selector)
            if time.monotonic() >= next_byte:
                next_byte += 1
                for sock in list(self.connections):
                    try:
                        sock.send(b"a")
                    except OSError:
                        pass
        for sock in list(self.connections):
            selector.unregister(sock)
            sock.close()
        self.connections.clear()


def wrk_latency(port, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://{HOST}:{port}/plaintext"],
        capture_output=True, text=True, check=True).stdout
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    error_count = sum(int(group) for group in errors.groups()) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)],
        "rps": requests / seconds,
        "errors": error_count + (int(non2xx.group(1)) if non2xx else 0),
    }


def slowloris(args):
    print(f"slowloris: {args.slow_connections} connections, one byte per second each; "
          f"normal client: wrk -t1 -c{args.normal_connections} on /plaintext for {args.seconds}s")
    quiet = wrk_latency(args.port, args.seconds, args.normal_connections)
    attack = Slowloris(args.port, args.slow_connections)
    attack.start()
    deadline = time.monotonic() + 10
    while len(attack.connections) < args.slow_connections and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)
    under = wrk_latency(args.port, args.seconds, args.normal_connections)
    open_during = fd_count(args.pid) - args.baseline
    attack.stop.set()
    attack.join()
    print(f"  without the attack: p99 {quiet['p99_ms']:.2f} ms, {quiet['rps']:.0f} req/s, {quiet['errors']} errors")
    print(f"  under the attack:   p99 {under['p99_ms']:.2f} ms, {under['rps']:.0f} req/s, {under['errors']} errors")
    print(f"  attack: {attack.peak} connections open at once ({open_during} server descriptors), "
          f"{attack.timeouts_408} cut off with 408 by the header timeout, {attack.opened} opened in all")
    check(attack.peak >= args.slow_connections, f"slowloris: all {args.slow_connections} connections were open at once")
    check(under["errors"] == 0, "slowloris: the normal client saw no errors")
    # The attack costs a loop turn per byte; the normal client must not notice more than that.
    bound = max(3 * quiet["p99_ms"], quiet["p99_ms"] + 5)
    check(under["p99_ms"] <= bound, f"slowloris: p99 under attack {under['p99_ms']:.2f} ms <= {bound:.2f} ms")
    after_attack("slowloris", args)


# Half-close, reset, endless body, header bombs -------------------------------------------

def half_close(args):
    print("half-close: a client that shuts its sending side after the request, or in the middle of it")
    sock = connect(args.port)
    sock.sendall(b"GET /json HTTP/1.1\r\nHost: strata\r\n\r\n")
    sock.shutdown(socket.SHUT_WR)
    response, closed = read_until_closed(sock)
    sock.close()
    check(status_of(response) == 200 and response.endswith(b'{"message":"Hello, World!"}') and closed,
          "half-close after the request: the whole response, then the server closes")
    sock = connect(args.port)
    sock.sendall(b"GET /json HTTP/1.1\r\nHost: str")
    sock.shutdown(socket.SHUT_WR)
    response, closed = read_until_closed(sock)
    sock.close()
    check(closed and status_of(response) in (None, 400), f"half-close mid-head: closed ({response[:12]!r})")
    after_attack("half-close", args)


def reset_mid_response(args):
    print(f"reset mid-response: {args.resets} connections pipeline 2,000 requests each, read a little, reset")
    for _ in range(args.resets):
        sock = connect(args.port)
        sock.sendall(b"GET /layered HTTP/1.1\r\nHost: strata\r\n\r\n" * 2000)
        sock.recv(1000)
        # SO_LINGER 0: close() sends RST instead of FIN, while the server is writing.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    after_attack("reset mid-response", args)


def endless_chunked_body(args):
    print("endless chunked body: POST /echo (limit 64 KiB), 16 KiB chunks for as long as the server reads (at most 8 GiB or 20 s)")
    sock = connect(args.port)
    sock.sendall(b"POST /echo HTTP/1.1\r\nHost: strata\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"4000\r\n" + b"a" * 0x4000 + b"\r\n"
    sent, started = 0, time.monotonic()
    sock.settimeout(5)
    stopped_by_server = False
    try:
        while sent < 8 << 30 and time.monotonic() - started < 20:
            sock.sendall(chunk)
            sent += 0x4000
    except OSError:
        stopped_by_server = True  # the server closed: what we want
    elapsed = time.monotonic() - started
    response, closed = read_until_closed(sock)
    sock.close()
    # After its 413 the server reads and drops what the client still sends for a short while
    # (a lingering close, so the answer is not lost to a reset), then closes.
    print(f"  the server stopped the upload after {sent >> 20} MiB and {elapsed:.2f} s")
    check(status_of(response) == 413, f"endless chunked body: 413 ({response[:30]!r})")
    check(stopped_by_server and closed, "endless chunked body: the server closed the connection on the client")
    after_attack("endless chunked body", args)


def header_bombs(args):
    print("header bombs: each must be refused with the right status, and the connection closed")
    bombs = [
        ("a 64 KiB header line", b"GET / HTTP/1.1\r\nHost: strata\r\nX-Bomb: " + b"a" * 65536 + b"\r\n\r\n", 431),
        ("600 header fields", b"GET / HTTP/1.1\r\nHost: strata\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(600)) + b"\r\n", 431),
        ("40 KiB of fields in 100 lines", b"GET / HTTP/1.1\r\nHost: strata\r\n" + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 400) for i in range(100)) + b"\r\n", 431),
        ("a 64 KiB request line", b"GET /" + b"c" * 65536 + b" HTTP/1.1\r\nHost: strata\r\n\r\n", 414),
        ("1 MiB of head without a line end", b"GET / HTTP/1.1\r\nHost: strata\r\nX-Endless: " + b"d" * (1 << 20), 431),
    ]
    for name, payload, expected in bombs:
        sock = connect(args.port)
        try:
            sock.sendall(payload)
        except OSError:
            pass  # refused before all of it was sent
        response, closed = read_until_closed(sock)
        sock.close()
        check(status_of(response) == expected and closed, f"{name}: {expected} and closed (got {status_of(response)})")
    after_attack("header bombs", args)


ATTACKS = {
    "slowloris": slowloris,
    "half-close": half_close,
    "reset": reset_mid_response,
    "chunked": endless_chunked_body,
    "headers": header_bombs,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True, help="the server's process, for its descriptors")
    parser.add_argument("--seconds", type=int, default=15, help="each wrk run of the slowloris measurement")
    parser.add_argument("--slow-connections", type=int, default=1000)
    parser.add_argument("--normal-connections", type=int, default=16)
    parser.add_argument("--resets", type=int, default=50)
    parser.add_argument("attacks", nargs="*", default=list(ATTACKS), help=" ".join(ATTACKS))
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.slow_connections + 256)), hard))
    args.baseline = fd_count(args.pid)
    check(normal_request(args.port), "the server answers before the attacks")
    for name in args.attacks:
        ATTACKS[name](args)
    if failures:
        print(f"hostile clients: {len(failures)} check(s) failed")
        sys.exit(1)
    print("hostile clients: ok")


if __name__ == "__main__":
    main()
