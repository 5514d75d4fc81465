"""The coin-miner lab app (exercises/compose-start-app/files/coinminer/).

Pure functions are unit-tested in-process; the services run as real processes
on free 127.0.0.1 ports against a real `redis-server` (Debian package
`redis-server`; skipped when missing, required when CI=true).
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import missing_tool

APP = Path(__file__).resolve().parents[1] / "exercises" / "compose-start-app" / "files" / "coinminer"
SERVICES = ("rng", "hasher", "worker", "webui")


def load(service):
    spec = importlib.util.spec_from_file_location(f"coinminer_{service}", APP / service / f"{service}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rng, hasher, worker, webui = (load(s) for s in SERVICES)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=3.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (OSError, ValueError) as exc:
            last = exc
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


class Processes:
    """Started service processes; stopped with SIGTERM at the end."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.procs = {}

    def start(self, name, argv, env=None):
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop_all
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        self.procs[name] = (proc, log)
        return proc

    def service(self, name, port=None, **env):
        env = {"LISTEN_HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1", **{k: str(v) for k, v in env.items()}}
        if port is not None:
            env["PORT"] = str(port)
            proc = self.start(name, [sys.executable, str(APP / name / f"{name}.py")], env)
            wait_until(lambda: proc.poll() is None and get(f"http://127.0.0.1:{port}/health")[0] == 200, 5, f"{name} /health\n{self.output(name)}")
            return proc
        return self.start(name, [sys.executable, str(APP / name / f"{name}.py")], env)

    def output(self, name):
        path = self.tmp_path / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, name, timeout=5.0):
        proc, log = self.procs.pop(name)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        return proc.returncode

    def stop_all(self):
        for name in list(self.procs):
            self.stop(name)


@pytest.fixture
def procs(tmp_path):
    p = Processes(tmp_path)
    yield p
    p.stop_all()


@pytest.fixture
def redis_port(procs):
    server = shutil.which("redis-server")
    if server is None:
        missing_tool("redis-server", "apt-get install redis-server (the coin-miner integration test needs it)")
    port = free_port()
    procs.start("redis", [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    client = worker.Redis("127.0.0.1", port, timeout=2)
    wait_until(lambda: client.execute("PING") == "PONG", 5, "redis-server")
    client.close()
    return port


# --- pure functions ------------------------------------------------------------


@pytest.mark.parametrize("module", [worker, webui], ids=["worker", "webui"])
def test_resp_encoding(module):
    assert module.encode_command("INCR", "hashes") == b"*2\r\n$4\r\nINCR\r\n$6\r\nhashes\r\n"
    assert module.encode_command("SET", "k", b"\x00\r\n", 7) == b"*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\x00\r\n\r\n$1\r\n7\r\n"


@pytest.mark.parametrize("module", [worker, webui], ids=["worker", "webui"])
def test_resp_replies(module):
    stream = io.BytesIO(b"+OK\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*3\r\n:1\r\n$0\r\n\r\n$-1\r\n*-1\r\n$4\r\na\r\nb\r\n")
    assert module.read_reply(stream) == "OK"
    assert module.read_reply(stream) == 42
    assert module.read_reply(stream) == b"hello"
    assert module.read_reply(stream) is None
    assert module.read_reply(stream) == [1, b"", None]
    assert module.read_reply(stream) is None
    assert module.read_reply(stream) == b"a\r\nb"  # binary-safe bulk string
    with pytest.raises(module.RedisError, match="WRONGTYPE"):
        module.read_reply(io.BytesIO(b"-WRONGTYPE Operation against a key\r\n"))
    with pytest.raises(module.RedisError, match="closed"):
        module.read_reply(io.BytesIO(b""))
    with pytest.raises(module.RedisError, match="closed"):
        module.read_reply(io.BytesIO(b"$10\r\nshort\r\n"))


def test_rng_parses_sizes():
    assert rng.parse_size("/") == 32
    assert rng.parse_size("/8") == 8
    assert rng.parse_size("/1024?x=1") == 1024
    for bad in ("/0", "/1025", "/abc", "/-3", "/1/2"):
        assert rng.parse_size(bad) is None, bad


def test_hasher_and_coin_rule():
    assert hasher.sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert worker.is_coin("0abc") and not worker.is_coin("a0bc")


def test_webui_rates_over_the_window():
    assert webui.rates([]) == (0.0, 0.0)
    assert webui.rates([(5.0, 10, 1)]) == (0.0, 0.0)
    assert webui.rates([(0.0, 100, 5), (1.0, 110, 5), (4.0, 140, 7)]) == (10.0, 0.5)
    assert webui.rates([(0.0, 500, 9), (2.0, 3, 0)]) == (0.0, 0.0)  # counters reset
    doc = webui.summary([(0.0, 100, 5), (2.0, 120, 6)])
    assert doc["hashes"] == 120 and doc["coins"] == 6 and doc["hashes_per_second"] == 10.0 and doc["window_seconds"] == 2.0
    assert webui.summary([], None) == {"error": "no sample from Redis yet"}
    assert "error" in webui.summary([(0.0, 1, 0)], "Redis down")
    assert webui.as_count(None) == 0 and webui.as_count(b"17") == 17


def test_worker_stats_line():
    stats = worker.Stats(100.0)
    stats.record(0.1, 0.1, False)
    stats.record(0.3, 0.1, True)
    line = stats.report(102.0)
    assert line == "worker: 1.0 hashes/s, 1 coins in 2 s; avg latency rng 200 ms, hasher 100 ms"
    assert stats.hashes == 0 and stats.since == 102.0


def test_worker_spreads_requests_over_all_addresses(monkeypatch):
    # What Compose DNS returns for a scaled service: one address per container.
    fake = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (f"172.18.0.{i}", 8080)) for i in (3, 4, 5)]
    monkeypatch.setattr(worker.socket, "getaddrinfo", lambda *a, **k: fake)
    picked = {worker.pick_address("rng", 8080) for _ in range(200)}
    assert picked == {"172.18.0.3", "172.18.0.4", "172.18.0.5"}


# --- the bottleneck, measured ---------------------------------------------------


def finish_times(calls):
    """Run ``calls`` at once; (results, the moment each one finished, in order of finishing)."""

    def timed(f):
        result = f()
        return result, time.monotonic()

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        done = list(pool.map(timed, calls))
    return [r for r, _ in done], sorted(t for _, t in done)


#: The services' artificial delay per request.  A service that serialises 4 requests finishes
#: them DELAY apart (the last one at least 3 * DELAY after the first); one that runs them in
#: parallel finishes them together.  The threshold between the two, 2 * DELAY, leaves a
#: whole DELAY of slack for a busy machine either way (no absolute time bound).
DELAY = 1.0


def test_rng_serves_one_request_at_a_time_but_hasher_runs_in_parallel(procs):
    rng_port, hasher_port = free_port(), free_port()
    procs.service("rng", rng_port, RNG_DELAY=DELAY)
    procs.service("hasher", hasher_port, HASHER_DELAY=DELAY)

    bodies, finished = finish_times([lambda: get(f"http://127.0.0.1:{rng_port}/16", timeout=3 + 4 * DELAY)[1]] * 4)
    assert [len(b) for b in bodies] == [16] * 4 and len(set(bodies)) == 4
    spread = finished[-1] - finished[0]
    assert spread >= 2 * DELAY, f"4 rng requests finished within {spread:.2f} s: rng must serialise them (the bottleneck)"

    def post():
        request = urllib.request.Request(f"http://127.0.0.1:{hasher_port}/", data=b"abc", method="POST")
        with urllib.request.urlopen(request, timeout=3 + 4 * DELAY) as response:
            return response.read().decode().strip()

    digests, finished = finish_times([post] * 4)
    assert digests == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"] * 4
    spread = finished[-1] - finished[0]
    assert spread < 2 * DELAY, f"4 hasher requests finished {spread:.2f} s apart: hasher must run them in parallel"

    with pytest.raises(urllib.error.HTTPError) as err:
        get(f"http://127.0.0.1:{rng_port}/5000")
    assert err.value.code == 400
    assert procs.stop("rng") == 0 and procs.stop("hasher") == 0  # SIGTERM: clean exit


# --- the whole app ----------------------------------------------------------------


def test_the_miner_mines_and_the_webui_reports_a_rate(procs, redis_port):
    rng_port, hasher_port, webui_port = free_port(), free_port(), free_port()
    procs.service("rng", rng_port, RNG_DELAY=0.02)
    procs.service("hasher", hasher_port, HASHER_DELAY=0.01)
    procs.service("webui", webui_port, REDIS_HOST="127.0.0.1", REDIS_PORT=redis_port, SAMPLE_INTERVAL=0.25, WINDOW=2)
    procs.service(
        "worker",
        RNG_URL=f"http://127.0.0.1:{rng_port}",
        HASHER_URL=f"http://127.0.0.1:{hasher_port}",
        REDIS_HOST="127.0.0.1",
        REDIS_PORT=redis_port,
        STATS_INTERVAL=1,
    )
    redis = worker.Redis("127.0.0.1", redis_port, timeout=2)

    def hashes():
        return int(redis.execute("GET", "hashes") or 0)

    wait_until(lambda: hashes() >= 5, 8, f"the worker to count hashes\n{procs.output('worker')}")
    first = hashes()  # (wait_until returns the predicate's value, True, not the count)
    # the counter keeps growing: await the next increase instead of sleeping a fixed second
    wait_until(lambda: hashes() > first, 8, f"the hashes counter to grow past {first}\n{procs.output('worker')}")
    second = hashes()
    # Roughly 1 in 16 hashes starts with "0"; over a few dozen hashes a coin is likely but not certain.
    coins = int(redis.execute("GET", "coins") or 0)
    assert 0 <= coins <= second

    def rate():
        status, body = get(f"http://127.0.0.1:{webui_port}/json")
        doc = json.loads(body)
        # The dashboard samples Redis every SAMPLE_INTERVAL: await a sample taken after `first`.
        return doc if status == 200 and doc.get("hashes_per_second", 0) > 0 and doc.get("hashes", 0) >= first else None

    doc = wait_until(rate, 6, f"a positive rate and at least {first} hashes on /json")
    assert doc["hashes"] <= hashes() and doc["coins"] >= 0 and doc["window_seconds"] > 0
    status, page = get(f"http://127.0.0.1:{webui_port}/")
    assert status == 200 and b"<title>Coin miner</title>" in page
    assert b'src="http' not in page and b'href="http' not in page, "the dashboard must not load anything from the internet"

    wait_until(lambda: "hashes/s" in procs.output("worker"), 3, "the worker's stats line")
    assert "avg latency rng" in procs.output("worker")
    redis.close()
    for name in ("worker", "webui", "rng", "hasher"):
        assert procs.stop(name) == 0, f"{name} did not exit cleanly on SIGTERM\n{procs.output(name)}"


def test_webui_reports_redis_trouble(procs):
    port = free_port()
    dead = free_port()  # nothing listens here
    procs.service("webui", port, REDIS_HOST="127.0.0.1", REDIS_PORT=dead, SAMPLE_INTERVAL=0.2)

    def redis_error():
        # Until the sampler has tried once the reply is "no sample yet"; wait for its verdict.
        try:
            get(f"http://127.0.0.1:{port}/json")
        except urllib.error.HTTPError as err:
            return (err.code, json.loads(err.read())["error"])
        return None

    code, error = wait_until(lambda: (r := redis_error()) and "Redis at" in r[1] and r, 5, "the Redis error on /json")
    assert code == 503
    assert "Redis at 127.0.0.1" in error
    assert procs.stop("webui") == 0
