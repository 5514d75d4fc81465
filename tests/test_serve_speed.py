"""Issue 9: `mkdocs serve --dirty` (what `nox -s serve` runs) is fast and still correct."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest
from conftest import BUILD_ENV, free_port
from coursekit import serve_speed
from test_bad_inputs import EXERCISE, MODULE, _fetch, write_course


@pytest.fixture
def dirty_serve_state():
    saved = dict(serve_speed._state)
    serve_speed.startup("serve", True)
    try:
        yield
    finally:
        serve_speed._state.update(saved)


class _File:
    def __init__(self, root: Path, src_uri: str, dest: str):
        self.src_uri = src_uri
        self.abs_src_path = str(root / src_uri)
        self.abs_dest_path = str(root / "site" / dest)


class _Files(list):
    def documentation_pages(self):
        return list(self)


def _tree(tmp_path: Path) -> _Files:
    for rel, text in {
        "exercises/ex/index.md": '# Ex\n\n```yaml\n--8<-- "exercises/ex/files/compose.yaml"\n```\n',
        "exercises/ex/files/compose.yaml": "services: {}\n",
        "docs/page.md": '# Page\n\n--8<-- "docs/shared.txt"\n',
        "docs/shared.txt": "shared\n",
        "docs/plain.md": "# Plain\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    files = _Files(
        [
            _File(tmp_path, "exercises/ex/index.md", "exercises/ex/index.html"),
            _File(tmp_path, "docs/page.md", "page.html"),
            _File(tmp_path, "docs/plain.md", "plain.html"),
        ]
    )
    for f in files:
        Path(f.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(f.abs_dest_path).write_text("<html>")
    return files


def _age(path: Path, seconds: float = 10) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_dependencies_are_snippets_and_the_exercise_folder(tmp_path):
    _tree(tmp_path)
    deps = serve_speed.dependencies(str(tmp_path / "exercises/ex/index.md"), "exercises/ex/index.md", str(tmp_path))
    assert sorted(os.path.relpath(d, tmp_path) for d in deps) == ["exercises/ex/files/compose.yaml", "exercises/ex/files/compose.yaml", "exercises/ex/index.md"]
    assert serve_speed.dependencies(str(tmp_path / "docs/plain.md"), "plain.md", str(tmp_path)) == []


def test_pages_whose_shown_files_changed_are_rebuilt(tmp_path, dirty_serve_state):
    files = _tree(tmp_path)
    for f in files:
        _age(Path(f.abs_src_path), 20)
    for p in (tmp_path / "docs/shared.txt", tmp_path / "exercises/ex/files/compose.yaml"):
        _age(p, 20)
    assert serve_speed.invalidate_stale_pages(files, str(tmp_path)) == []  # HTML newer than everything
    (tmp_path / "exercises/ex/files/compose.yaml").write_text("services:\n  web: {}\n")
    (tmp_path / "docs/shared.txt").write_text("changed\n")
    assert serve_speed.invalidate_stale_pages(files, str(tmp_path)) == ["exercises/ex/index.md", "docs/page.md"]
    assert not (tmp_path / "site/exercises/ex/index.html").exists() and (tmp_path / "site/plain.html").exists()


def test_nothing_is_invalidated_outside_dirty_serve(tmp_path):
    files = _tree(tmp_path)
    (tmp_path / "docs/shared.txt").write_text("changed later\n")
    _age(Path(files[1].abs_dest_path), 30)
    assert serve_speed.invalidate_stale_pages(files, str(tmp_path)) == []


def test_templates_compile_once_per_server(dirty_serve_state):
    loader = jinja2.DictLoader({"page.html": "{% for i in items %}<li>{{ i }}</li>{% endfor %}"})
    first = serve_speed.template_cache(jinja2.Environment(loader=loader))
    assert first.get_template("page.html").render(items=[1]) == "<li>1</li>"
    second = serve_speed.template_cache(jinja2.Environment(loader=loader))
    parsed = []
    original = second._parse
    second._parse = lambda *a, **k: parsed.append(a) or original(*a, **k)
    assert second.get_template("page.html").render(items=[2]) == "<li>2</li>" and parsed == []


def test_only_the_dirty_build_warning_is_dropped(dirty_serve_state):
    seen = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = seen.append
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        log = logging.getLogger("mkdocs.commands.build")
        log.warning(serve_speed.DIRTY_WARNING + ", this will likely lead to inaccurate navigation")
        log.warning("Doc file 'x.md' contains a link to 'y.md' which is not found")
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert [r.getMessage()[:8] for r in seen] == ["Doc file"]


@pytest.mark.slow
def test_dirty_serve_rebuilds_changed_pages_and_what_they_show(tmp_path):
    project = write_course(tmp_path / "course")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=dict(os.environ, **BUILD_ENV),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:

            def wait_for(path: str, marker: str, timeout: float = 60) -> float | None:
                start = time.monotonic()
                while time.monotonic() - start < timeout:
                    assert proc.poll() is None, log_path.read_text()[-3000:]
                    body = _fetch(base + path, 5)
                    if body and marker in body:
                        return time.monotonic() - start
                    time.sleep(0.05)
                return None

            assert wait_for("/modules/basics.html", "Containers are processes", 120), log_path.read_text()[-3000:]
            time.sleep(1)
            # A module page: strict mode keeps working with dirty rebuilds.
            (project / MODULE).write_text((project / MODULE).read_text() + "\nEdited paragraph 31337.\n")
            assert wait_for("/modules/basics.html", "Edited paragraph 31337"), log_path.read_text()[-3000:]
            # A lab file shown by a snippet: its exercise page is rebuilt although its Markdown did not change.
            time.sleep(1)
            lab = project / "exercises/first-run/files/Containerfile"
            lab.write_text(lab.read_text().replace('CMD ["echo", "hello"]', 'CMD ["echo", "edited-lab-file"]'))
            assert wait_for("/exercises/first-run/index.html", "edited-lab-file"), log_path.read_text()[-3000:]
            # The deck and the book's print page still hold the pages that were not rebuilt.
            assert wait_for("/slides/index.html", "Containers are processes", 10)
            assert wait_for("/exercises/print.html", "Your first container", 10)
            (project / EXERCISE).write_text((project / EXERCISE).read_text() + "\nEdited exercise 4242.\n")
            assert wait_for("/exercises/first-run/index.html", "Edited exercise 4242"), log_path.read_text()[-3000:]
            assert wait_for("/exercises/print.html", "Edited exercise 4242", 20)
            assert wait_for("/modules/basics.html", "Edited paragraph 31337", 10)
            assert "Aborted" not in log_path.read_text()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
