"""hasher: returns the SHA-256 of whatever is POSTed to it.

POST /       body -> hex digest (text/plain)
GET /health  "ok"

Hashing "costs" HASHER_DELAY seconds (default 0.1), but requests run in
parallel threads: the hasher is slow, yet it does not queue requests.
"""

import hashlib
import os
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 64 * 1024


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


class Handler(BaseHTTPRequestHandler):
    server_version = "hasher/1.0"
    delay = 0.1

    def do_GET(self):
        if self.path == "/health":
            self._send(200, b"ok\n")
        else:
            self._send(405, b"POST the data to hash to /\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, b"too much data\n")
            return
        data = self.rfile.read(length)
        time.sleep(self.delay)  # pretend this is expensive work
        self._send(200, (sha256_hex(data) + "\n").encode())

    def _send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def stop(signum, frame):
    raise SystemExit(0)


def main():
    host = os.environ.get("LISTEN_HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    Handler.delay = float(os.environ.get("HASHER_DELAY", "0.1"))
    signal.signal(signal.SIGTERM, stop)
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    print(f"hasher: listening on {host}:{port}, {Handler.delay:.3f} s per request, in parallel", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        print("hasher: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
