"""Fast, correct rebuilds in ``mkdocs serve`` (``nox -s serve`` runs ``mkdocs serve --dirty``).

Measured by ``nox -s bench`` (issue 9): a full rebuild of the course after saving
one page takes about 3 s on a 2-core machine, far from the 1 s target.  MkDocs'
dirty reload rebuilds only the pages whose source is newer than their HTML; this
module makes that usable for this course:

* strict mode: MkDocs logs a WARNING on every dirty build, which aborts a strict
  build; while serving dirty that one message is dropped (every other warning
  still fails as before);
* dependencies MkDocs does not see: a page is rebuilt when a snippet it includes
  (``--8<-- "exercises/x/files/compose.yaml"``) or a lab file of its exercise
  folder changed since its HTML was written (so validation banners and shown lab
  files are never stale);
* pages generated from other pages (:func:`refresh_course_pages`): when the
  front matter of an exercise or module changes (title, duration, module, kind,
  objectives, ...), the pages that show it are rebuilt: the module page(s)
  assigning the exercise (and with them their slides in the module deck and the
  course deck), a module's exercise pages (their facts box names it), the home
  agenda, the book index and the guide index.  A change
  that reaches the navigation (an exercise or module added, removed, renamed,
  renumbered or moved), a change of the course variant, and a course-structure
  error appearing or going away rebuild every page.  An edit to an exercise's
  checkpoints also rebuilds the book index (its progress column), a new or removed
  ``/// notes`` box in a module the guide index (it counts them); a plain prose
  edit rebuilds the edited page alone, as before;
* the theme's Jinja templates are compiled once per server, not once per rebuild
  (an in-memory bytecode cache);
* the file watcher polls every 0.15 s instead of MkDocs' 0.5 s.

``mkdocs build`` is not affected: every function here is a no-op unless serving.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re

import jinja2

from coursekit.markdown.blocks import split_target
from coursekit.markdown.scanner import scan
from coursekit.site import session

DIRTY_WARNING = "A 'dirty' build is being performed"
POLL_SECONDS = 0.15

HOME = "index.md"
BOOK_START = "exercises/index.md"  # coursekit.book.pages.BOOK_START
GUIDE_START = "guide/index.md"  # coursekit.book.pages.GUIDE_START

def startup() -> None:
    """``on_startup`` (after the session started): quiet MkDocs' warning about dirty builds."""
    if serving_dirty():
        _install_warning_filter()


def serving() -> bool:
    return session.current().serving


def serving_dirty() -> bool:
    return session.current().serving_dirty


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def _install_warning_filter() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DropDirtyWarning) for f in logger.filters):
        logger.addFilter(_DropDirtyWarning())


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the server (keyed by name and source checksum)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = MemoryBytecodeCache()


def template_cache(env: jinja2.Environment) -> jinja2.Environment:
    if serving() and env.bytecode_cache is None:
        env.bytecode_cache = _BYTECODE
    return env


def faster_polling(server, seconds: float = POLL_SECONDS):
    """Re-create the watches of MkDocs' LiveReloadServer with a shorter polling interval."""
    observer = getattr(server, "observer", None)
    watched = getattr(server, "_watched_paths", None)
    if observer is None or watched is None or not hasattr(observer, "_timeout"):
        return server  # another MkDocs version: keep its defaults
    observer._timeout = seconds
    for path, count in list(watched.items()):
        for _ in range(count):
            server.unwatch(path)
        for _ in range(count):
            server.watch(path)
    return server


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return float("inf")  # a dependency that vanished: rebuild to show the error


def dependencies(page_src: str, src_uri: str, root: str) -> list[str]:
    """Files whose change must rebuild a page: its snippets, and for an exercise page its lab files."""
    deps: list[str] = []
    try:
        with open(page_src, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return deps
    if "8<" in text:
        for line in scan(text).snippets:
            deps.append(os.path.join(root, split_target(line.snippet)[0]))
    parts = src_uri.split("/")
    if len(parts) == 3 and parts[0] == "exercises" and parts[2] == "index.md":
        folder = os.path.dirname(page_src)
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            deps.extend(os.path.join(dirpath, f) for f in filenames)
    return deps


def mark_stale(path: str) -> None:
    """Make MkDocs rebuild the page written to ``path`` in the next dirty build.

    ``File.is_modified`` compares the HTML's mtime with the source's: an HTML file
    dated 1970 is rebuilt, and the old page keeps being served until it is (deleting
    it would answer 404 during the rebuild)."""
    os.utime(path, (0, 0))


def invalidate_stale_pages(files, root: str) -> list[str]:
    """In a dirty serve rebuild, mark the HTML of pages whose dependencies changed after it was
    written as stale, so MkDocs rebuilds them."""
    if not serving_dirty():
        return []
    stale = []
    for f in files.documentation_pages():
        if not f.abs_src_path or not os.path.isfile(f.abs_dest_path):
            continue
        built = os.stat(f.abs_dest_path).st_mtime
        if any(_mtime(dep) > built for dep in dependencies(f.abs_src_path, f.src_uri, root)):
            mark_stale(f.abs_dest_path)
            stale.append(f.src_uri)
    return stale


# -- pages generated from other pages' front matter -------------------------------------------


@dataclasses.dataclass
class CourseSnapshot:
    """What the pages of one build showed of the course: compared with the next build's."""

    layout: str  # navigation, variant, module and exercise ids, structure error: a change rebuilds all
    modules: dict[str, str]  # module id -> its front matter (and computed number)
    exercises: dict[str, str]  # exercise id -> its front matter (and computed number)
    exercise_module: dict[str, str]  # exercise id -> the module it names


def snapshot(course, nav, structure_error: str | None = None) -> CourseSnapshot:
    def shown(item) -> str:
        return repr(sorted(vars(item).items()))

    layout = repr((nav, repr(getattr(course, "variant", None)), [m.id for m in course.modules], sorted(course.exercises), structure_error or ""))
    return CourseSnapshot(
        layout=layout,
        modules={m.id: shown(m) for m in course.modules},
        exercises={e.id: shown(e) for e in course.exercises.values()},
        exercise_module={e.id: e.module for e in course.exercises.values()},
    )


def pages_showing(course, before: CourseSnapshot, after: CourseSnapshot, pages: dict[str, str]) -> set[str] | None:
    """Source URIs of the pages that show what changed between two snapshots; ``None``: every page.

    ``pages`` maps the source URI of every documentation page to its source file (module pages
    are found by the exercise ids their ``/// exercises`` and ``/// demo`` blocks name)."""
    from coursekit.course.manifest import assignments_in

    if before.layout != after.layout:
        return None
    modules = {m for m in after.modules if before.modules.get(m) != after.modules[m]}
    exercises = {e for e in after.exercises if before.exercises.get(e) != after.exercises[e]}
    if not modules and not exercises:
        return set()
    uris = {HOME, BOOK_START, GUIDE_START}
    by_id = {m.id: m.src_path for m in course.modules}
    uris.update(by_id[m] for m in modules if m in by_id)
    # An exercise page's facts box names its module (full title).
    uris.update(e.src_uri for e in course.exercises.values() if e.module in modules)
    for e in exercises:
        for module_id in (before.exercise_module.get(e), after.exercise_module.get(e)):
            if module_id in by_id:
                uris.add(by_id[module_id])
    for uri, path in pages.items():
        if uri in uris or not path or not uri.endswith(".md"):
            continue
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                text = fh.read()
        except OSError:
            continue
        if "///" in text and any(a.exercise_id in exercises for a in assignments_in(text)):
            uris.add(uri)
    return uris


_CHECKPOINT = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\][ \t].*$", re.MULTILINE)


def body_digest(uri: str, path: str, exercise_pages: set[str]) -> str:
    """What an index shows of a page's body: an exercise's checkpoints (the book index's progress
    column), a module's number of instructor notes (the guide index)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return ""
    if uri in exercise_pages:
        return "\n".join(m.group(0).strip() for m in _CHECKPOINT.finditer(text))
    from coursekit.book.pages import count_notes

    return str(count_notes(text))


def refresh_course_pages(files, course, nav, structure_error: str | None = None) -> list[str] | None:
    """In a dirty serve rebuild, mark stale the pages that show changed course front matter (see
    :func:`pages_showing`), and the book or guide index when an edited page changed what they show
    of it (:func:`body_digest`).  Returns the source URIs marked, or ``None`` when every page was
    (a full rebuild)."""
    if not serving_dirty() or course is None:
        return []
    state = session.current().serve
    now = snapshot(course, nav, structure_error)
    before, state.snapshot = state.snapshot, now
    module_pages = {m.src_path for m in course.modules}
    exercise_pages = {e.src_uri for e in course.exercises.values()}
    docs = {f.src_uri: f for f in files.documentation_pages() if f.abs_src_path}
    bodies = state.bodies
    if before is None:  # the first build writes every page: remember what the indexes show
        bodies.clear()
        bodies.update({uri: body_digest(uri, f.abs_src_path, exercise_pages) for uri, f in docs.items() if uri in module_pages | exercise_pages})
        return []
    built = {uri: f for uri, f in docs.items() if os.path.isfile(f.abs_dest_path)}
    uris = pages_showing(course, before, now, {uri: f.abs_src_path for uri, f in built.items()})
    if uris is None:
        for f in built.values():
            mark_stale(f.abs_dest_path)
        bodies.update({uri: body_digest(uri, f.abs_src_path, exercise_pages) for uri, f in docs.items() if uri in module_pages | exercise_pages})
        return None
    for uri, f in docs.items():
        if (uri in exercise_pages or uri in module_pages) and f.is_modified():
            digest = body_digest(uri, f.abs_src_path, exercise_pages)
            if bodies.get(uri) != digest:
                bodies[uri] = digest
                uris.add(BOOK_START if uri in exercise_pages else GUIDE_START)
    marked = []
    for uri in sorted(uris):
        f = built.get(uri)
        if f is not None and not f.is_modified():
            mark_stale(f.abs_dest_path)
            marked.append(uri)
    return marked
