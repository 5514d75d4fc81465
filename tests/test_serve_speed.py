"""Issue 9: `mkdocs serve --dirty` (what `nox -s serve` runs) is fast and still correct."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import time
from pathlib import Path

import jinja2
import pytest
from conftest import copy_project, fetch, mkdocs_serve_process
from test_bad_inputs import EXERCISE, MODULE, write_course

from coursekit.site import serve_rebuilds as serve_speed
from coursekit.site import session


@pytest.fixture
def dirty_serve_state():
    saved = session._current
    session.start("serve", True)
    serve_speed.startup()
    try:
        yield
    finally:
        session._current = saved


class _File:
    def __init__(self, root: Path, src_uri: str, dest: str, src: str | None = None):
        self.src_uri = src_uri
        self.abs_src_path = str(root / (src or src_uri))
        self.abs_dest_path = str(root / "site" / dest)

    def is_modified(self) -> bool:  # as mkdocs.structure.files.File.is_modified
        return not os.path.isfile(self.abs_dest_path) or os.path.getmtime(self.abs_dest_path) < os.path.getmtime(self.abs_src_path)


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
    # Marked stale (dated 1970, so MkDocs rebuilds them), not deleted: the old page is served until then.
    assert os.stat(tmp_path / "site/exercises/ex/index.html").st_mtime == 0 and os.stat(tmp_path / "site/page.html").st_mtime == 0
    assert os.stat(tmp_path / "site/plain.html").st_mtime > 0


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


# -- pages generated from course front matter --------------------------------------------------


@dataclasses.dataclass
class _Module:
    id: str
    title: str
    duration: int
    src_path: str


@dataclasses.dataclass
class _Exercise:
    id: str
    title: str
    module: str
    duration: int
    src_uri: str
    number: str = "1.1"


@dataclasses.dataclass
class _Course:
    modules: list
    exercises: dict


def _course(**changes) -> _Course:
    ex = {
        "run": _Exercise("run", "Run", "basics", 10, "exercises/run/index.md"),
        "build": _Exercise("build", "Build", "images", 20, "exercises/build/index.md", "2.1"),
    }
    for key, value in changes.items():
        ex_id, field = key.split("__")
        setattr(ex[ex_id], field, value)
    return _Course([_Module("basics", "Basics", 60, "modules/basics.md"), _Module("images", "Images", 45, "modules/images.md")], ex)


def _course_tree(tmp_path: Path) -> _Files:
    pages = {
        "index.md": "# Home\n\n/// agenda\n///\n",
        "modules/basics.md": "# Basics\n\n/// exercises\n- run\n///\n\n/// notes\nSay it.\n///\n",
        "modules/images.md": "# Images\n\n/// exercises | Build\n- build\n///\n",
        "modules/other.md": "# Other\n\nNo assignments.\n",
        "guide/index.md": "# Guide\n",
        "exercises/index.md": "# Book\n",
        "exercises/run/index.md": "---\nid: run\n---\n# Run\n\n- [ ] It ran.\n",
        "exercises/build/index.md": "---\nid: build\n---\n# Build\n\n- [ ] It built.\n",
    }
    files = _Files()
    for uri, text in pages.items():
        src = uri if uri.startswith("exercises/") else f"docs/{uri}"
        (tmp_path / src).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / src).write_text(text)
        _age(tmp_path / src, 20)
        f = _File(tmp_path, uri, uri.replace(".md", ".html"), src)
        Path(f.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(f.abs_dest_path).write_text("<html>")
        files.append(f)
    return files


def _stale(files: _Files) -> set[str]:
    return {f.src_uri for f in files if f.is_modified()}


NAV = [{"1. Basics": "modules/basics.md"}, {"1.1 Run": "exercises/run/index.md"}]


def test_a_front_matter_change_rebuilds_the_pages_that_show_it(tmp_path, dirty_serve_state):
    files = _course_tree(tmp_path)
    assert serve_speed.refresh_course_pages(files, _course(), NAV) == []  # first build: remembered
    assert serve_speed.refresh_course_pages(files, _course(), NAV) == [] and _stale(files) == set()
    # An exercise's duration: the module page that assigns it (its cards and slides), home, book and guide indexes.
    marked = serve_speed.refresh_course_pages(files, _course(run__duration=12), NAV)
    assert marked == ["exercises/index.md", "guide/index.md", "index.md", "modules/basics.md"]
    assert _stale(files) == set(marked)


def test_moving_an_exercise_rebuilds_both_modules(tmp_path, dirty_serve_state):
    files = _course_tree(tmp_path)
    serve_speed.refresh_course_pages(files, _course(), NAV)
    serve_speed.refresh_course_pages(files, _course(build__module="basics"), NAV)
    assert {"modules/basics.md", "modules/images.md"} <= _stale(files) and "modules/other.md" not in _stale(files)


def test_a_module_change_rebuilds_its_page_its_exercises_and_the_overviews(tmp_path, dirty_serve_state):
    files = _course_tree(tmp_path)
    course = _course()
    serve_speed.refresh_course_pages(files, course, NAV)
    course.modules[1].duration = 50
    assert serve_speed.refresh_course_pages(files, course, NAV) == [
        "exercises/build/index.md",  # its facts box names the module
        "exercises/index.md",
        "guide/index.md",
        "index.md",
        "modules/images.md",
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda c, nav: (c, [*nav, {"1.2 New": "exercises/new/index.md"}]),  # navigation (a title, a number, a new page)
        lambda c, nav: (_Course(c.modules, {"run": c.exercises["run"]}), nav),  # an exercise removed
        lambda c, nav: (_Course(c.modules[:1], c.exercises), nav),  # a module removed
    ],
    ids=["navigation", "exercise-removed", "module-removed"],
)
def test_a_structural_change_rebuilds_every_page(tmp_path, dirty_serve_state, change):
    files = _course_tree(tmp_path)
    serve_speed.refresh_course_pages(files, _course(), NAV)
    course, nav = change(_course(), NAV)
    assert serve_speed.refresh_course_pages(files, course, nav) is None
    assert _stale(files) == {f.src_uri for f in files}


def test_a_course_structure_error_appearing_or_going_rebuilds_every_page(tmp_path, dirty_serve_state):
    files = _course_tree(tmp_path)
    serve_speed.refresh_course_pages(files, _course(), NAV)
    assert serve_speed.refresh_course_pages(files, _course(), NAV, "exercises/run/index.md:5: duration must be positive") is None
    for f in files:
        Path(f.abs_dest_path).write_text("<html>")  # the rebuild
    assert serve_speed.refresh_course_pages(files, _course(), NAV, "exercises/run/index.md:5: duration must be positive") == []
    assert serve_speed.refresh_course_pages(files, _course(), NAV) is None


def test_indexes_follow_checkpoints_and_notes_not_prose(tmp_path, dirty_serve_state):
    files = _course_tree(tmp_path)
    course = _course()
    serve_speed.refresh_course_pages(files, course, NAV)
    run = tmp_path / "exercises/run/index.md"
    run.write_text(run.read_text() + "\nMore prose.\n")
    assert serve_speed.refresh_course_pages(files, course, NAV) == [] and _stale(files) == {"exercises/run/index.md"}
    run.write_text(run.read_text() + "\n- [ ] A new checkpoint.\n")
    assert serve_speed.refresh_course_pages(files, course, NAV) == ["exercises/index.md"]
    basics = tmp_path / "docs/modules/basics.md"
    basics.write_text(basics.read_text() + "\n/// notes\nMore to say.\n///\n")
    assert serve_speed.refresh_course_pages(files, course, NAV) == ["guide/index.md"]


def test_nothing_is_refreshed_outside_dirty_serve(tmp_path):
    files = _course_tree(tmp_path)
    assert serve_speed.refresh_course_pages(files, _course(), NAV) == []
    assert serve_speed.refresh_course_pages(files, _course(run__duration=12), NAV) == [] and _stale(files) == set()


@pytest.mark.slow
def test_dirty_serve_rebuilds_changed_pages_and_what_they_show(tmp_path):
    project = write_course(tmp_path / "course")
    log_path = tmp_path / "serve.log"
    with _dirty_serve(project, log_path) as serve_wait:

        def wait_for(path: str, marker: str, timeout: float = 60) -> str | None:
            return serve_wait(path, lambda body: marker in body, timeout)

        assert wait_for("/modules/basics.html", "Containers are processes", 120), log_path.read_text()[-3000:]
        # A module page: strict mode keeps working with dirty rebuilds.
        _write(project / MODULE, (project / MODULE).read_text() + "\nEdited paragraph 31337.\n")
        assert wait_for("/modules/basics.html", "Edited paragraph 31337"), log_path.read_text()[-3000:]
        # A lab file shown by a snippet: its exercise page is rebuilt although its Markdown did not change.
        lab = project / "exercises/first-run/files/Containerfile"
        _edit(lab, 'CMD ["echo", "hello"]', 'CMD ["echo", "edited-lab-file"]')
        assert wait_for("/exercises/first-run/index.html", "edited-lab-file"), log_path.read_text()[-3000:]
        # The deck and the book's print page still hold the pages that were not rebuilt.
        assert wait_for("/slides/index.html", "Containers are processes", 10)
        assert wait_for("/exercises/print.html", "Your first container", 10)
        _write(project / EXERCISE, (project / EXERCISE).read_text() + "\nEdited exercise 4242.\n")
        assert wait_for("/exercises/first-run/index.html", "Edited exercise 4242"), log_path.read_text()[-3000:]
        assert wait_for("/exercises/print.html", "Edited exercise 4242", 20)
        assert wait_for("/modules/basics.html", "Edited paragraph 31337", 10)
        assert "Aborted" not in log_path.read_text()


@contextlib.contextmanager
def _dirty_serve(project: Path, log_path: Path):
    """``mkdocs serve --dirty`` (what ``nox -s serve`` runs) of ``project`` on a free port; yields
    ``wait_for(path, predicate, timeout) -> body | None`` (requests time out: a failed rebuild hangs them)."""
    with mkdocs_serve_process(project, log_path, "--dirty") as (proc, base):

        def wait_for(path: str, predicate, timeout: float = 60) -> str | None:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                assert proc.poll() is None, log_path.read_text()[-3000:]
                body = fetch(base + path, 5)
                if body and predicate(body):
                    return body
                time.sleep(0.1)
            return None

        yield wait_for


def _write(path: Path, text: str) -> None:
    """Write ``text`` with an mtime 2 s ahead: newer than anything the last build wrote (MkDocs'
    is_modified) and a changed stat for the polling watcher, without sleeping into a new second."""
    path.write_text(text, encoding="utf-8")
    ahead = time.time() + 2
    os.utime(path, (ahead, ahead))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    _write(path, text.replace(old, new, 1))


def _countdown(deck: str, exercise_id: str) -> str | None:
    """``data-countdown`` of the slide that assigns ``exercise_id``."""
    at = deck.find(f'<li id="exercise-{exercise_id}">')
    if at < 0:
        return None
    m = re.search(r'data-countdown="(\d+)"', deck[deck.rindex("<section", 0, at) : at])
    return m and m.group(1)


@pytest.mark.slow
def test_dirty_serve_follows_front_matter_checkpoints_and_structure_errors(tmp_path):
    """Pages built from other pages' front matter are rebuilt in `serve --dirty` too."""
    project = write_course(tmp_path / "course")
    log_path = tmp_path / "serve.log"
    log = lambda: log_path.read_text()[-3000:]  # noqa: E731
    exercise = project / EXERCISE
    with _dirty_serve(project, log_path) as wait_for:
        assert wait_for("/modules/basics.html", lambda b: "Containers are processes" in b, 120), log()
        assert _countdown(wait_for("/slides/index.html", bool), "first-run") == "600"

        # An exercise's duration: the module card, both decks' countdowns, the book index.
        _edit(exercise, "duration: 10", "duration: 12")
        assert wait_for("/modules/basics.html", lambda b: re.search(r"Your first container</a> · 12 min", b)), log()
        assert wait_for("/slides/basics/index.html", lambda b: _countdown(b, "first-run") == "720", 10), log()
        assert wait_for("/slides/index.html", lambda b: _countdown(b, "first-run") == "720", 10), log()
        assert wait_for("/exercises/index.html", lambda b: "12 min" in b, 10), log()

        # A module's duration: the home agenda.
        _edit(project / MODULE, "duration: 60", "duration: 90")
        assert wait_for("/", lambda b: "1 h 30 min" in b), log()
        # A module's full title (the navigation shows its short title): its exercise's facts box.
        _edit(project / MODULE, "title: Containerization basics", "title: Containerization basics, renamed")
        assert wait_for("/exercises/first-run/index.html", lambda b: "Containerization basics, renamed" in b), log()

        # An exercise's title is in the navigation: every page is rebuilt (here: the home page's nav).
        _edit(exercise, "title: Your first container", "title: Your very first container")
        assert wait_for("/", lambda b: "Your very first container" in b), log()
        assert wait_for("/modules/basics.html", lambda b: "Your very first container</a> · 12 min" in b, 10), log()

        # A new checkpoint: the book index's progress column knows it.
        tasks = lambda b: len(re.search(r'data-exercise="first-run" data-tasks="([^"]*)"', b).group(1).split())  # noqa: E731
        assert tasks(wait_for("/exercises/index.html", bool)) == 2
        _edit(exercise, "- [ ] You built it.", "- [ ] You built it.\n- [ ] You ran it again.")
        assert wait_for("/exercises/index.html", lambda b: tasks(b) == 3), log()

        # A course-structure error shows on every page (not only the edited one) until it is fixed.
        _edit(exercise, "duration: 12", "duration: -12")
        assert wait_for("/", lambda b: "CK009" in b and "course-check-banner" in b), log()
        _edit(exercise, "duration: -12", "duration: 12")
        assert wait_for("/", lambda b: "CK009" not in b), log()
    assert "Aborted" not in log_path.read_text() and "Traceback" not in log_path.read_text()


@pytest.mark.slow
def test_dirty_serve_of_the_real_course_updates_decks_and_cards_after_a_duration_edit(tmp_path):
    """The reported case: container-run-inspect `duration: 10` -> 12 in `nox -s serve`."""
    project = copy_project(tmp_path / "course")
    page = project / "exercises/container-run-inspect/index.md"
    minutes = int(re.search(r"^duration: (\d+)$", page.read_text(encoding="utf-8"), re.MULTILINE).group(1))
    log_path = tmp_path / "serve.log"
    card = lambda b, n: re.search(rf'container-run-inspect/index.html"><strong>[^<]*</strong>[^<]*</a> · {n} min', b)  # noqa: E731
    with _dirty_serve(project, log_path) as wait_for:
        assert wait_for("/modules/basics.html", lambda b: card(b, minutes), 180), log_path.read_text()[-3000:]
        before = {deck: int(_countdown(wait_for(deck, bool), "container-run-inspect")) for deck in ("/slides/basics/index.html", "/slides/index.html")}
        _edit(page, f"duration: {minutes}", f"duration: {minutes + 2}")
        assert wait_for("/modules/basics.html", lambda b: card(b, minutes + 2)), log_path.read_text()[-3000:]
        for deck, seconds in before.items():
            assert wait_for(deck, lambda b, s=seconds: _countdown(b, "container-run-inspect") == str(s + 120), 10), deck
