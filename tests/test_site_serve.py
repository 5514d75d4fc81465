"""Issue 2: `mkdocs serve` watches the second source root (exercises/)."""

from __future__ import annotations

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


@pytest.mark.slow
def test_editing_an_exercise_rebuilds_the_served_page(project_copy):
    port = free_port()
    log = open(project_copy / "serve.log", "w")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project_copy / "mkdocs.yml")],
        cwd=project_copy,
        env=dict(os.environ, **BUILD_ENV),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/exercises/container-run-inspect/index.html"
    try:
        first = wait_for(lambda: fetch(url), timeout=120)
        assert first, (project_copy / "serve.log").read_text()[-3000:]
        marker = "Freshly edited paragraph 4711"
        assert marker not in first
        page = project_copy / "exercises" / "container-run-inspect" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
        updated = wait_for(lambda: (lambda body: body if body and marker in body else None)(fetch(url)), timeout=90)
        assert updated, (project_copy / "serve.log").read_text()[-3000:]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.slow
def test_a_course_structure_error_keeps_the_server_answering_with_a_banner(project_copy):
    """A rebuild that fails makes MkDocs hang every request; course errors must not."""
    port = free_port()
    log = open(project_copy / "serve.log", "w")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project_copy / "mkdocs.yml")],
        cwd=project_copy,
        env=dict(os.environ, **BUILD_ENV),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/exercises/container-run-inspect/index.html"
    page = project_copy / "exercises" / "container-interactive" / "index.md"
    good = page.read_text(encoding="utf-8")
    try:
        assert wait_for(lambda: fetch(url), timeout=120), (project_copy / "serve.log").read_text()[-3000:]
        page.write_text(good.replace("duration: 8", "duration: -8", 1), encoding="utf-8")
        broken = wait_for(lambda: (lambda body: body if body and "CK009" in body else None)(fetch(url)), timeout=90)
        assert broken, (project_copy / "serve.log").read_text()[-3000:]
        assert "exercises/container-interactive/index.md:" in broken and "positive" in broken
        page.write_text(good, encoding="utf-8")
        repaired = wait_for(lambda: (lambda body: body if body and "CK009" not in body else None)(fetch(url)), timeout=90)
        assert repaired, (project_copy / "serve.log").read_text()[-3000:]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
