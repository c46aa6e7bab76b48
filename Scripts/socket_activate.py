#!/usr/bin/env python3
"""Holds a listening socket and runs a server on it as systemd's socket activation does
(LISTEN_FDS=1, LISTEN_PID, the socket as descriptor 3); on SIGHUP it restarts the server the
way `systemctl restart` does: SIGTERM, wait for the exit, start a new process on the same
socket. Connections that arrive in between wait in the socket's queue.

Usage: Scripts/socket_activate.py HOST PORT COMMAND [ARGS...]   (127.0.0.1 only in our scripts)
Prints "listening on HOST:PORT" once bound and "restarted in N ms" after each restart.
"""
import os
import signal
import socket
import subprocess
import sys
import time

host, port, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, port))
listener.listen(4096)


def start():
    # As systemd does: the socket is descriptor 3, LISTEN_FDS=1, and LISTEN_PID names the
    # server's own process — set by a shell that then becomes the server (exec keeps the pid).
    if listener.fileno() != 3:
        os.dup2(listener.fileno(), 3, inheritable=True)
    return subprocess.Popen(["sh", "-c", 'LISTEN_PID=$$ exec "$@"', "sh", *command], pass_fds=(3,),
                            env=dict(os.environ, LISTEN_FDS="1"))


child = start()
print(f"listening on {host}:{listener.getsockname()[1]}", flush=True)
restart = False
stop = False


def on_hup(*_):
    global restart
    restart = True


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGHUP, on_hup)
signal.signal(signal.SIGTERM, on_term)
while not stop:
    if restart:
        restart = False
        began = time.monotonic()
        child.send_signal(signal.SIGTERM)
        status = child.wait()
        child = start()
        print(f"restarted in {int((time.monotonic() - began) * 1000)} ms (old exit status {status})", flush=True)
    time.sleep(0.01)
child.send_signal(signal.SIGTERM)
sys.exit(child.wait())
