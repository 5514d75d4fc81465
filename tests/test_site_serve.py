"""Issue 2: `mkdocs serve` watches the second source root (exercises/)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import BUILD_ENV, free_port


def fetch(url: str, timeout: float = 5.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return None


def wait_for(predicate, timeout: float, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


@contextlib.contextmanager
def mkdocs_serve(project):
    """``mkdocs serve`` of ``project`` on a free loopback port; yields (base URL, log reader)."""
    port = free_port()
    log_path = project / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            env=dict(os.environ, **BUILD_ENV),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}", lambda: log_path.read_text()[-3000:]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def page_with(url: str, predicate, timeout: float = 90):
    """The page body once ``predicate(body)`` holds (requests time out; a failed rebuild would hang them)."""
    return wait_for(lambda: (lambda body: body if body and predicate(body) else None)(fetch(url)), timeout=timeout)


@pytest.mark.slow
def test_editing_an_exercise_rebuilds_the_served_page(project_copy):
    with mkdocs_serve(project_copy) as (base, log):
        url = f"{base}/exercises/container-run-inspect/index.html"
        first = wait_for(lambda: fetch(url), timeout=120)
        assert first, log()
        marker = "Freshly edited paragraph 4711"
        assert marker not in first
        page = project_copy / "exercises" / "container-run-inspect" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
        assert page_with(url, lambda body: marker in body), log()


@pytest.mark.slow
def test_a_course_structure_error_keeps_the_server_answering_with_a_banner(project_copy):
    """A rebuild that fails makes MkDocs hang every request; course errors must not."""
    page = project_copy / "exercises" / "container-interactive" / "index.md"
    good = page.read_text(encoding="utf-8")
    with mkdocs_serve(project_copy) as (base, log):
        url = f"{base}/exercises/container-run-inspect/index.html"
        assert wait_for(lambda: fetch(url), timeout=120), log()
        page.write_text(good.replace("duration: 8", "duration: -8", 1), encoding="utf-8")
        broken = page_with(url, lambda body: "CK009" in body)
        assert broken, log()
        assert "exercises/container-interactive/index.md:" in broken and "positive" in broken
        page.write_text(good, encoding="utf-8")
        assert page_with(url, lambda body: "CK009" not in body), log()
