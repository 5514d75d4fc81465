"""One background worker process, for work that runs while MkDocs renders pages.

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
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
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
    """``target(*args)`` in a child process; its return value (or its traceback) comes back through a pipe.

    ``target`` must be a module-level function and ``args`` picklable (spawned workers
    receive them pickled).  :meth:`poll` returns the result when ready, :meth:`wait`
    blocks; a crash or a hang is raised as ``RuntimeError`` that starts with ``what``
    (e.g. "image list: the worker").
    """

    def __init__(self, what: str, target: Callable[..., Any], args: tuple = ()):
        self.what = what
        self.method = start_method()
        ctx = multiprocessing.get_context(self.method)
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_run, args=(target, args, send), daemon=True, name=what)
        self._process.start()
        send.close()
        self._done = False
        self._value: Any = None

    def poll(self) -> bool:
        """True once the result has arrived (then :meth:`wait` returns at once)."""
        if not self._done and self._receive.poll():
            self._take()
        return self._done

    def wait(self, timeout: float) -> Any:
        if not self._done:
            if not self._receive.poll(timeout):
                self._process.kill()
                self._process.join(5)
                raise RuntimeError(f"{self.what} gave no answer within {timeout:.0f} s")
            self._take()
        return self._value

    def _take(self) -> None:
        try:
            status, payload = self._receive.recv()
        except EOFError:
            self._process.join(5)
            raise RuntimeError(f"{self.what} died (exit code {self._process.exitcode})") from None
        finally:
            self._receive.close()
        self._process.join(5)
        if status != "ok":
            raise RuntimeError(f"{self.what} failed:\n{payload}")
        self._done, self._value = True, payload


def _run(target: Callable[..., Any], args: tuple, send) -> None:
    try:
        send.send(("ok", target(*args)))
    except BaseException:
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()
