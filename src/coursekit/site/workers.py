"""One background worker process per build, for work that runs while MkDocs renders pages.

``mkdocs build`` is single-threaded, so on a machine with two cores a slow,
self-contained job (the validation pass, the guide's image list) can run beside
the render and cost the build almost no wall time.

``fork`` starts such a worker in milliseconds, but it is only safe while the
process has one thread: the BuildKit parser (PyPI ``dockerfile``) is a Go
library, and the first parse starts the Go runtime's threads.  A child forked
after that inherits their locks, not the threads, and hangs at its first parse
(seen with the 10x benchmark course).  So a worker is forked while the process
is single-threaded and *spawned* (a fresh interpreter, about 0.3 s of imports,
still beside the render) once it is not.  Where neither is available the caller
computes synchronously.

One build starts one worker (:class:`Worker`, owned by the build session) and gives it its jobs
one after the other: the validation pass from ``on_config``, the guide's image list from
``on_files``.  They run in that order, beside the render.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any


def supported() -> bool:
    """Whether background workers can run here at all (Linux: fork and spawn)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def single_threaded() -> bool:
    """True when this process has exactly one OS thread (Go and Rust threads included)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: Python's own view is the best there is
        return threading.active_count() == 1


def start_method() -> str:
    return "fork" if single_threaded() else "spawn"


class Worker:
    """A child process that runs submitted jobs one after the other (:meth:`submit`).

    A job's ``target`` must be a module-level function and its ``args`` picklable (they
    travel through a pipe).  A crash or a hang is raised by :meth:`Job.wait` as
    ``RuntimeError`` that starts with the job's ``what`` (e.g. "image list: the worker").
    """

    def __init__(self, what: str = "the background worker"):
        self.what = what
        self.method = start_method()
        ctx = multiprocessing.get_context(self.method)
        self._conn, child = ctx.Pipe(duplex=True)
        self._process = ctx.Process(target=_serve, args=(child,), daemon=True, name=what)
        self._process.start()
        child.close()
        self._answers: dict[int, tuple[str, Any]] = {}
        self._jobs = 0
        self._dead = ""

    def submit(self, what: str, target: Callable[..., Any], args: tuple = ()) -> Job:
        job = Job(self, self._jobs, what)
        self._jobs += 1
        try:
            self._conn.send((job.id, target, args))
        except (OSError, EOFError) as exc:
            self._dead = self._dead or f"died (exit code {self._process.exitcode}): {exc}"
        return job

    def _receive(self, timeout: float | None) -> bool:
        """Take one answer from the pipe within ``timeout`` seconds (None: wait); False when none came."""
        if self._dead:
            return False
        if not self._conn.poll(timeout):
            return False
        try:
            job_id, status, payload = self._conn.recv()
        except (EOFError, OSError):
            self._process.join(5)
            self._dead = f"died (exit code {self._process.exitcode})"
            return False
        self._answers[job_id] = (status, payload)
        return True

    def _kill(self, why: str) -> None:
        self._process.kill()
        self._process.join(5)
        self._dead = why

    def close(self) -> None:
        """Let the child finish its current job and exit; unanswered jobs fail."""
        if not self._dead and self._process.is_alive():
            with contextlib.suppress(OSError):
                self._conn.send(None)
            self._process.join(5)
            if self._process.is_alive():
                self._kill("stopped")
        self._dead = self._dead or "stopped"
        self._conn.close()


class Job:
    """One job of a :class:`Worker`: :meth:`poll` says whether its result is there, :meth:`wait` returns it."""

    def __init__(self, worker: Worker, job_id: int, what: str):
        self.worker, self.id, self.what = worker, job_id, what

    @property
    def method(self) -> str:
        return self.worker.method

    def poll(self) -> bool:
        while self.id not in self.worker._answers and self.worker._receive(0):
            pass
        return self.id in self.worker._answers or bool(self.worker._dead)

    def wait(self, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while self.id not in self.worker._answers:
            if self.worker._dead:
                raise RuntimeError(f"{self.what}: the worker {self.worker._dead}")
            left = deadline - time.monotonic()
            if left <= 0 or not self.worker._receive(left) and not self.worker._dead:
                self.worker._kill(f"was stopped after {timeout:.0f} s without an answer")
                raise RuntimeError(f"{self.what} gave no answer within {timeout:.0f} s")
        status, payload = self.worker._answers[self.id]
        if status != "ok":
            raise RuntimeError(f"{self.what} failed:\n{payload}")
        return payload


def _serve(conn) -> None:
    """The child: run each job sent until the parent sends None or goes away."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        job_id, target, args = job
        try:
            conn.send((job_id, "ok", target(*args)))
        except BaseException:
            conn.send((job_id, "error", traceback.format_exc()))
