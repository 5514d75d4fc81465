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
* the theme's Jinja templates are compiled once per server, not once per rebuild
  (an in-memory bytecode cache);
* the file watcher polls every 0.15 s instead of MkDocs' 0.5 s.

``mkdocs build`` is not affected: every function here is a no-op unless serving.
"""

from __future__ import annotations

import logging
import os
import re

import jinja2

DIRTY_WARNING = "A 'dirty' build is being performed"
POLL_SECONDS = 0.15
_SNIPPET = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+["']([^"']+)["']""", re.MULTILINE)

_state = {"command": "build", "dirty": False}


def startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    _state["dirty"] = bool(dirty)
    if serving_dirty():
        _install_warning_filter()


def serving() -> bool:
    return _state["command"] == "serve"


def serving_dirty() -> bool:
    return serving() and _state["dirty"]


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
        for target in _SNIPPET.findall(text):
            name = re.sub(r":\d+(?::\d+)?$", "", target)
            deps.append(os.path.join(root, name))
    parts = src_uri.split("/")
    if len(parts) == 3 and parts[0] == "exercises" and parts[2] == "index.md":
        folder = os.path.dirname(page_src)
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            deps.extend(os.path.join(dirpath, f) for f in filenames)
    return deps


def invalidate_stale_pages(files, root: str) -> list[str]:
    """In a dirty serve rebuild, delete the HTML of pages whose dependencies changed after it was
    written, so MkDocs rebuilds them (``File.is_modified`` is true when the HTML is missing)."""
    if not serving_dirty():
        return []
    removed = []
    for f in files.documentation_pages():
        if not f.abs_src_path or not os.path.isfile(f.abs_dest_path):
            continue
        built = os.stat(f.abs_dest_path).st_mtime
        if any(_mtime(dep) > built for dep in dependencies(f.abs_src_path, f.src_uri, root)):
            os.remove(f.abs_dest_path)
            removed.append(f.src_uri)
    return removed
