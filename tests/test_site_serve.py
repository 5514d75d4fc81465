"""Issue 2: `mkdocs serve` watches the second source root (exercises/)."""

from __future__ import annotations

import contextlib
import time

import pytest
from conftest import fetch, mkdocs_serve_process


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
    log_path = project / "serve.log"
    with mkdocs_serve_process(project, log_path) as (_proc, base):
        yield base, lambda: log_path.read_text()[-3000:]


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
