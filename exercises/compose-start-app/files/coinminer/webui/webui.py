"""webui: shows how fast the miners are mining.

GET /        the dashboard (static/index.html: plain HTML + JavaScript)
GET /json    {"hashes": ..., "coins": ..., "hashes_per_second": ..., ...}
GET /health  "ok"

A background thread reads the Redis counters `hashes` and `coins` every
SAMPLE_INTERVAL seconds (default 1) and keeps the samples of the last
WINDOW seconds (default 10); the rates are computed over that window.
"""

import collections
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")


# --- a tiny Redis client (RESP2 over a socket, standard library only) --------


class RedisError(Exception):
    """An error reply from Redis, or a broken connection."""


def encode_command(*args):
    """Encode one command as a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def read_reply(stream):
    """Read one RESP2 reply from a binary file-like object."""
    line = stream.readline()
    if not line.endswith(b"\r\n"):
        raise RedisError("connection closed by Redis")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RedisError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        if size < 0:
            return None
        data = stream.read(size + 2)
        if len(data) != size + 2:
            raise RedisError("connection closed by Redis")
        return data[:-2]
    if kind == b"*":
        count = int(rest)
        return None if count < 0 else [read_reply(stream) for _ in range(count)]
    raise RedisError(f"unexpected reply from Redis: {line!r}")


class Redis:
    def __init__(self, host, port, timeout=5.0):
        self.address = (host, port)
        self.timeout = timeout
        self.sock = None
        self.stream = None

    def pipeline(self, *commands):
        """Send several commands in one write and return their replies."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.stream = self.sock.makefile("rb")
        try:
            self.sock.sendall(b"".join(encode_command(*c) for c in commands))
            return [read_reply(self.stream) for _ in commands]
        except (OSError, RedisError):
            self.close()
            raise

    def execute(self, *args):
        return self.pipeline(args)[0]

    def close(self):
        if self.sock is not None:
            self.stream.close()
            self.sock.close()
        self.sock = self.stream = None


# --- rates -------------------------------------------------------------------


def as_count(value):
    """A Redis counter value (bytes or None) as an int."""
    return int(value) if value is not None else 0


def rates(samples):
    """(hashes/s, coins/s) between the oldest and newest (time, hashes, coins) sample."""
    if len(samples) < 2:
        return 0.0, 0.0
    (t0, h0, c0), (t1, h1, c1) = samples[0], samples[-1]
    elapsed = t1 - t0
    if elapsed <= 0:
        return 0.0, 0.0
    # A counter that went down was reset (e.g. Redis restarted): no rate yet.
    return max(h1 - h0, 0) / elapsed, max(c1 - c0, 0) / elapsed


def summary(samples, error=None):
    """The document served at /json."""
    if error is not None:
        return {"error": error}
    if not samples:
        return {"error": "no sample from Redis yet"}
    _, hashes, coins = samples[-1]
    hps, cps = rates(samples)
    return {
        "hashes": hashes,
        "coins": coins,
        "hashes_per_second": round(hps, 2),
        "coins_per_second": round(cps, 3),
        "window_seconds": round(samples[-1][0] - samples[0][0], 1),
    }


class Sampler(threading.Thread):
    def __init__(self, redis, interval, window):
        super().__init__(daemon=True)
        self.redis = redis
        self.interval = interval
        self.window = window
        self.samples = collections.deque()
        self.error = None
        self.lock = threading.Lock()

    def sample_once(self):
        try:
            hashes, coins = self.redis.execute("MGET", "hashes", "coins")
        except (OSError, RedisError) as exc:
            with self.lock:
                self.error = f"Redis at {self.redis.address[0]}:{self.redis.address[1]}: {exc}"
            return
        now = time.monotonic()
        with self.lock:
            self.error = None
            self.samples.append((now, as_count(hashes), as_count(coins)))
            while len(self.samples) > 2 and now - self.samples[0][0] > self.window:
                self.samples.popleft()

    def run(self):
        while True:
            self.sample_once()
            time.sleep(self.interval)

    def summary(self):
        with self.lock:
            return summary(list(self.samples), self.error)


class Handler(BaseHTTPRequestHandler):
    server_version = "webui/1.0"
    sampler = None

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self._send(200, b"ok\n", "text/plain")
        elif path == "/json":
            doc = self.sampler.summary()
            status = 503 if "error" in doc else 200
            self._send(status, json.dumps(doc).encode(), "application/json")
        elif path in ("/", "/index.html"):
            with open(os.path.join(STATIC, "index.html"), "rb") as page:
                self._send(200, page.read(), "text/html; charset=utf-8")
        else:
            self._send(404, b"not found\n", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def stop(signum, frame):
    raise SystemExit(0)


def main():
    host = os.environ.get("LISTEN_HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    redis = Redis(os.environ.get("REDIS_HOST", "redis"), int(os.environ.get("REDIS_PORT", "6379")))
    sampler = Sampler(redis, float(os.environ.get("SAMPLE_INTERVAL", "1")), float(os.environ.get("WINDOW", "10")))
    sampler.start()
    Handler.sampler = sampler
    signal.signal(signal.SIGTERM, stop)
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    print(f"webui: listening on {host}:{port}, reading Redis at {redis.address[0]}:{redis.address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        print("webui: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
