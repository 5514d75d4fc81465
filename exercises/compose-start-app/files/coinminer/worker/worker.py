"""worker: mines coins forever.

Each round: GET 32 random bytes from rng, POST them to hasher, and count the
hash in Redis (`INCR hashes`); a hash that starts with "0" is a coin
(`INCR coins`).  Every STATS_INTERVAL seconds the worker logs its own rate and
the average latency of rng and hasher -- the numbers you need to find the
bottleneck.

Service addresses come from the environment; the defaults are the Compose
service names.  On a Compose network the name `rng` resolves to the IP of
*every* rng container; the worker picks one of them at random for each
request, so scaling rng spreads the load.
"""

import http.client
import os
import random
import signal
import socket
import sys
import time
import urllib.parse

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


# --- mining ------------------------------------------------------------------


def is_coin(hexdigest):
    return hexdigest.startswith("0")


def pick_address(host, port):
    """One of the addresses `host` resolves to, chosen at random."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return random.choice(sorted({info[4][0] for info in infos}))


def http_call(url, method="GET", body=None, timeout=10.0):
    """Send one request to a fresh connection and return the response body."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or 80
    conn = http.client.HTTPConnection(pick_address(parts.hostname, port), port, timeout=timeout)
    try:
        headers = {"Host": parts.netloc}
        if body is not None:
            headers["Content-Type"] = "application/octet-stream"
        conn.request(method, parts.path or "/", body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise OSError(f"{method} {url}: HTTP {response.status}")
        return data
    finally:
        conn.close()


class Stats:
    """Hashes, coins and latencies since the last report."""

    def __init__(self, now):
        self.reset(now)

    def reset(self, now):
        self.since = now
        self.hashes = self.coins = 0
        self.rng_time = self.hasher_time = 0.0

    def record(self, rng_seconds, hasher_seconds, coin):
        self.hashes += 1
        self.coins += int(coin)
        self.rng_time += rng_seconds
        self.hasher_time += hasher_seconds

    def report(self, now):
        elapsed = max(now - self.since, 1e-9)
        n = max(self.hashes, 1)
        line = (
            f"worker: {self.hashes / elapsed:.1f} hashes/s, {self.coins} coins in {elapsed:.0f} s; "
            f"avg latency rng {1000 * self.rng_time / n:.0f} ms, hasher {1000 * self.hasher_time / n:.0f} ms"
        )
        self.reset(now)
        return line


def mine_once(rng_url, hasher_url, redis):
    """One round; returns (rng seconds, hasher seconds, coin?)."""
    t0 = time.monotonic()
    data = http_call(rng_url.rstrip("/") + "/32")
    t1 = time.monotonic()
    digest = http_call(hasher_url.rstrip("/") + "/", "POST", data).decode().strip()
    t2 = time.monotonic()
    coin = is_coin(digest)
    commands = [("INCR", "hashes")] + ([("INCR", "coins")] if coin else [])
    redis.pipeline(*commands)
    return t1 - t0, t2 - t1, coin


def stop(signum, frame):
    raise SystemExit(0)


def main():
    rng_url = os.environ.get("RNG_URL", "http://rng:8080")
    hasher_url = os.environ.get("HASHER_URL", "http://hasher:8080")
    redis = Redis(os.environ.get("REDIS_HOST", "redis"), int(os.environ.get("REDIS_PORT", "6379")))
    interval = float(os.environ.get("STATS_INTERVAL", "5"))
    signal.signal(signal.SIGTERM, stop)
    print(f"worker: mining with rng={rng_url} hasher={hasher_url} redis={redis.address[0]}:{redis.address[1]}", flush=True)
    stats = Stats(time.monotonic())
    while True:
        try:
            stats.record(*mine_once(rng_url, hasher_url, redis))
        except (OSError, http.client.HTTPException, RedisError, ValueError) as exc:
            print(f"worker: {exc}; retrying in 1 s", flush=True)
            time.sleep(1)
        now = time.monotonic()
        if now - stats.since >= interval:
            print(stats.report(now), flush=True)


if __name__ == "__main__":
    sys.exit(main())
