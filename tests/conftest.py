"""Shared fixtures: one real build of the course per test session, fixture courses
in temporary folders, a loopback HTTP server and one headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
#: The one date every check in the tests compares end-of-life dates with, in-process and in every
#: build, course-check and serve the tests start (they inherit os.environ): the suite gives the
#: same result on any calendar day.  It is image_eol.REVIEWED of the last table review, so the
#: table is fresh at this date; move both together when the table is reviewed.
CHECK_DATE = "2026-12-06"
os.environ["COURSE_CHECK_DATE"] = CHECK_DATE
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "COURSE_CHECK_DATE": CHECK_DATE}


def mkdocs_build(project: Path, site_dir: Path, *, env: dict | None = None, tool: str = "mkdocs", timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a real ``mkdocs build`` (or ``properdocs build``) of ``project`` into ``site_dir``."""
    full_env = {**os.environ, **BUILD_ENV, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def front_matter_minutes(module_id: str) -> int:
    """The ``duration:`` the real module page declares, read as plain text (not through the course
    model under test), for expected values of agendas and totals."""
    import re

    text = (REPO / "docs" / "modules" / f"{module_id}.md").read_text(encoding="utf-8")
    return int(re.search(r"^duration:\s*(\d+)\s*$", text.split("\n---", 1)[0], re.MULTILINE).group(1))


def copy_project(dest: Path) -> Path:
    """A writable copy of the course sources (node_modules linked, not copied)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "exercises", "hooks", "overrides"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def scaffold_course(dest: Path, manifest: str, default_variant: str) -> Path:
    """A fixture course skeleton in ``dest``: the real mkdocs.yml with ``manifest`` (the
    text of an ``extra.course.variants`` block) in place of the real one, and the real
    hooks, overrides and assets.  Pages are the caller's."""
    import re

    dest.mkdir(parents=True, exist_ok=True)
    yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    yml = re.sub(r"    default_variant: .*\n", f"    default_variant: {default_variant}\n", yml)
    yml = re.sub(r"    variants:\n(?:      .*\n|        .*\n|          .*\n)+", manifest, yml)
    (dest / "mkdocs.yml").write_text(yml, encoding="utf-8")
    shutil.copytree(REPO / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(REPO / "overrides", dest / "overrides")
    shutil.copytree(REPO / "docs" / "assets", dest / "docs" / "assets")
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real course, built once per test session into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, site)
    if result.returncode != 0:
        pytest.fail(f"the course does not build:\n{result.stderr[-4000:]}")
    return site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "course")


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_directory(root: Path):
    """Serve ``root`` on a free 127.0.0.1 port; yields the base URL (no trailing slash)."""
    from coursekit.deck.pdf_export import serve

    with serve(root) as url:
        yield url.rstrip("/")


def fetch(url: str, timeout: float = 5.0) -> str | None:
    """The body of ``url``, or None while nothing (good) answers there."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return None


@contextlib.contextmanager
def mkdocs_serve_process(project: Path, log_path: Path, *extra_args: str):
    """``mkdocs serve [extra_args]`` of ``project`` on a free loopback port, output to ``log_path``;
    yields (process, base URL without trailing slash) and stops the server afterwards."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *extra_args, "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            env=dict(os.environ, **BUILD_ENV),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proc, f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def load_hook(name: str):
    """Import ``hooks/<name>.py`` the way MkDocs does (its folder on sys.path only while it loads)."""
    import importlib.util

    hooks = REPO / "hooks"
    sys.path.insert(0, str(hooks))
    try:
        spec = importlib.util.spec_from_file_location(f"{name}_hook_under_test", hooks / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(hooks))
    return module


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve_directory(built_site) as url:
        yield url


#: Caches of parsed text: a test must see its own text parsed, not an earlier test's result (a
#: cache filled before a mutant is switched on would also hide the mutant from `nox -s mutation`).
_TEXT_CACHES = (("coursekit.markdown.scanner", "_scan"), ("coursekit.course.frontmatter", "_split_cached"))


@pytest.fixture(autouse=True)
def _fresh_text_caches():
    for module_name, function in _TEXT_CACHES:
        module = sys.modules.get(module_name)
        if module is not None:
            getattr(module, function).cache_clear()


def missing_tool(what: str, install: str) -> None:
    """Skip the test with a notice, or fail it in CI (``CI=true``, which .ci/run sets): an oracle
    or tool the suite knows must never be skipped silently where the suite is meant to be complete."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI: {install}")
    pytest.skip(f"{what} is missing: {install}")


def _need_chromium():
    if not Path(CHROMIUM).exists():
        missing_tool(CHROMIUM, "apt-get install chromium (.ci/run does)")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (never a downloaded browser)."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file", "chrome-error"):
        return True
    return (parts.hostname or "") in ("127.0.0.1", "localhost", "::1")


class OfflinePage:
    """A page whose every non-loopback request fails and is recorded."""

    def __init__(self, context):
        self.context = context
        self.left_machine: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}") if is_loopback(r.url) else None)

    def _route(self, route):
        if is_loopback(route.request.url):
            route.continue_()
        else:
            self.left_machine.append(route.request.url)
            route.abort("internetdisconnected")


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = OfflinePage(context)
    try:
        yield page
    finally:
        context.close()
