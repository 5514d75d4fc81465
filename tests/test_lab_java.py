"""The Java hello-world of the wrap-up lab (exercises/wrapup-java-hello/files/hello-java/).

Built by replaying the build stage of the solution Containerfile on this
machine (its WORKDIR, COPY and RUN javac/jar instructions, read with the
BuildKit parser), then started with the runtime stage's ENTRYPOINT on free
ports. Needs a JDK 17+ (javac, jar, java on PATH); skipped when missing,
required when CI=true.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import dockerfile
import pytest
from conftest import missing_tool

APP = Path(__file__).resolve().parents[1] / "exercises" / "wrapup-java-hello" / "files" / "hello-java"
SOLUTION = APP.parents[1] / "solution" / "Containerfile"


def jdk_tool(name):
    path = shutil.which(name)
    if path is None:
        missing_tool(name, "a JDK 17+ on PATH, e.g. Debian default-jdk-headless")
    return path


def stages(path):
    """The solution Containerfile's instructions, grouped by stage name."""
    found, name = {}, None
    for cmd in dockerfile.parse_file(str(path)):
        if cmd.cmd == "FROM":
            name = cmd.value[2] if len(cmd.value) == 3 else "final"
            found[name] = []
        found[name].append(cmd)
    return found


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """Replay the solution's build stage on this machine: WORKDIR, COPY from the lab folder, RUN with sh.

    Returns the runtime stage's ENTRYPOINT with the jar path mapped to the built jar.
    """
    for tool in ("javac", "jar", "java"):
        jdk_tool(tool)
    root = tmp_path_factory.mktemp("build-stage")
    plan = stages(SOLUTION)
    workdir = root
    for cmd in plan["build"][1:]:
        if cmd.cmd == "WORKDIR":
            workdir = root / cmd.value[0].lstrip("/")
            workdir.mkdir(parents=True, exist_ok=True)
        elif cmd.cmd == "COPY":
            src, dest = cmd.value
            shutil.copytree(APP / src, workdir / dest)
        elif cmd.cmd == "RUN":
            subprocess.run(["sh", "-c", cmd.value[0]], cwd=workdir, check=True, timeout=120)
        else:
            pytest.fail(f"unexpected instruction in the build stage: {cmd.original}")
    copied = [c for c in plan["final"] if c.cmd == "COPY" and "--from=build" in c.flags]
    assert len(copied) == 1, "the runtime stage copies exactly one artifact from the build stage"
    built = root / copied[0].value[0].lstrip("/")
    assert built.is_file(), f"the build stage did not produce {copied[0].value[0]}"
    entrypoint = next(c for c in plan["final"] if c.cmd == "ENTRYPOINT")
    assert entrypoint.json, "ENTRYPOINT must use the exec (JSON) form so java is PID 1 and gets SIGTERM"
    return [str(built) if arg.endswith(".jar") else arg for arg in entrypoint.value]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(entrypoint, args=(), **env):
    # Like `docker container run IMAGE ARGS...`: ARGS replace CMD and follow the ENTRYPOINT.
    proc = subprocess.Popen(
        [*entrypoint, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
    )
    return proc


def get(url):
    with urllib.request.urlopen(url, timeout=3) as response:
        return response.status, response.read().decode()


def wait_for(url, proc, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"java exited early with {proc.returncode}:\n{proc.stdout.read()}")
        try:
            return get(url)
        except urllib.error.HTTPError:
            raise
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"no answer from {url} within {timeout} s")


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("java did not stop within 10 s of SIGTERM")
    return proc.returncode, out


def test_hello_world_with_host_name_and_graceful_stop(image):
    port = free_port()
    proc = start(image, ["--port", str(port)], HOSTNAME="c0ffee000001")
    try:
        status, body = wait_for(f"http://127.0.0.1:{port}/", proc)
        assert status == 200
        assert body == "Hello, world! I am c0ffee000001.\n"
        with pytest.raises(urllib.error.HTTPError) as err:
            get(f"http://127.0.0.1:{port}/nothing-here")
        assert err.value.code == 404
    finally:
        code, out = stop(proc)
    # The JVM reports death by SIGTERM as 143 (128 + 15) after running its shutdown hooks.
    assert code == 143
    assert f"listening on port {port} as c0ffee000001" in out
    assert "GET / -> 200" in out
    assert out.rstrip().endswith("hello: stopped"), out


def test_two_instances_are_distinguishable_and_port_comes_from_env(image):
    # Like two containers: different host names, and the port from PORT
    # (a command-line --port would win over it).
    port_a, port_b = free_port(), free_port()
    a = start(image, PORT=str(port_a), HOSTNAME="container-a")
    b = start(image, ["--greeting", "Hi there!"], PORT=str(port_b), HOSTNAME="container-b")
    try:
        assert wait_for(f"http://127.0.0.1:{port_a}/", a)[1] == "Hello, world! I am container-a.\n"
        assert wait_for(f"http://127.0.0.1:{port_b}/", b)[1] == "Hi there! I am container-b.\n"
    finally:
        stop(a)
        stop(b)


def test_solution_runs_unprivileged_with_default_arguments():
    plan = stages(SOLUTION)
    assert plan["build"][0].value[0] == "eclipse-temurin:21-jdk-alpine"
    assert plan["final"][0].value[0] == "eclipse-temurin:21-jre-alpine"
    user = [c.value[0] for c in plan["final"] if c.cmd == "USER"]
    assert user and user[-1] not in ("root", "0")
    cmd = [c for c in plan["final"] if c.cmd == "CMD"]
    assert cmd and cmd[-1].json and list(cmd[-1].value) == ["--port", "8080"]
    # No prebuilt binaries in the lab files: the build must produce them.
    assert not list(APP.rglob("*.jar")) and not list(APP.rglob("*.class"))
