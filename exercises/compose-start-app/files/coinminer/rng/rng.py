"""rng: hands out random bytes over HTTP -- slowly, one request at a time.

GET /<n>     n random bytes (1..1024), application/octet-stream
GET /        32 random bytes
GET /health  "ok" (answers at once, even while the entropy source is busy)

Gathering "entropy" takes RNG_DELAY seconds (default 0.1) and the source
serves one request at a time, so one rng container delivers at most
1 / RNG_DELAY answers per second (10/s by default), however many workers ask.
That is the bottleneck of the coin miner -- and the reason `--scale rng=3` helps.
"""

import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BYTES = 1024
DEFAULT_BYTES = 32

# One entropy source per container: requests queue here.
_entropy_lock = threading.Lock()


def parse_size(path):
    """Number of bytes asked for by a request path like '/32'; None when invalid."""
    part = path.split("?", 1)[0].strip("/")
    if part == "":
        return DEFAULT_BYTES
    if not part.isdigit():
        return None
    size = int(part)
    if 1 <= size <= MAX_BYTES:
        return size
    return None


def gather_entropy(size, delay):
    """Return `size` random bytes; the slow part is serialised across all requests."""
    with _entropy_lock:
        time.sleep(delay)
        return os.urandom(size)


class Handler(BaseHTTPRequestHandler):
    server_version = "rng/1.0"
    delay = 0.1

    def do_GET(self):
        if self.path == "/health":
            self._send(200, b"ok\n", "text/plain")
            return
        size = parse_size(self.path)
        if size is None:
            self._send(400, f"ask for 1..{MAX_BYTES} bytes, e.g. GET /32\n".encode(), "text/plain")
            return
        self._send(200, gather_entropy(size, self.delay), "application/octet-stream")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # one line per request would drown the logs; the worker reports latencies


def stop(signum, frame):
    # PID 1 in a container ignores SIGTERM unless it installs a handler.
    raise SystemExit(0)


def main():
    host = os.environ.get("LISTEN_HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    Handler.delay = float(os.environ.get("RNG_DELAY", "0.1"))
    signal.signal(signal.SIGTERM, stop)
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    print(f"rng: listening on {host}:{port}, {Handler.delay:.3f} s per request, one at a time", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        print("rng: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
