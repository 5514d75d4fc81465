"""What a trainee build leaves out, removed before anything is rendered or indexed.

A trainee build (``COURSE_AUDIENCE=trainee``) drops

* instructor notes (``/// notes`` blocks; ``details.notes`` in HTML),
* demo pages (``kind: demo``), their lab files, the ``/// demo`` cards on module
  pages and the whole instructor guide (``guide/``),
* solutions (``/// solution`` blocks, ``details.solution``, ``exercises/<id>/solution/``)
  unless ``extra.course.trainee_solutions: true``.

Blocks are cut from the Markdown before it is rendered (so they never reach
the HTML, the search index, the sitemap or the archives); the HTML pass is a
second net for the same boxes written some other way (``??? notes``), and
:func:`scan_for_leaks` is the last check over the finished site.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from . import audience

_BLOCK_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<name>[\w-]+)\b")
_BLOCK_CLOSE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*$")
_CODE_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
#: CSS classes of boxes that only instructors see (and, per audience, solutions).
NOTES_CLASS = "notes"
SOLUTION_CLASS = "solution"
#: Text written into every instructor-only box; the leak scan looks for it.
NOTES_TITLE = "Instructor notes"


@dataclass(frozen=True)
class Policy:
    """What one build drops."""

    audience: str
    drop_notes: bool
    drop_demos: bool
    drop_guide: bool
    drop_solutions: bool

    @property
    def blocks(self) -> tuple[str, ...]:
        names = []
        if self.drop_notes:
            names.append("notes")
        if self.drop_demos:
            names.append("demo")
        if self.drop_solutions:
            names.append("solution")
        return tuple(names)

    @property
    def html_classes(self) -> tuple[str, ...]:
        return tuple(c for c, on in ((NOTES_CLASS, self.drop_notes), (SOLUTION_CLASS, self.drop_solutions), ("demo", self.drop_demos)) if on)


def policy(course_extra: dict | None, environ: dict | None = None) -> Policy:
    """The policy of the current build (``COURSE_AUDIENCE``, ``extra.course.trainee_solutions``)."""
    who = audience.current(environ)
    if who != "trainee":
        return Policy(who, False, False, False, False)
    keep_solutions = bool((course_extra or {}).get("trainee_solutions", False))
    return Policy(who, True, True, True, not keep_solutions)


def strip_blocks(markdown: str, names: tuple[str, ...]) -> str:
    """Remove ``/// name`` ... ``///`` blocks (nested blocks and code fences respected)."""
    if not names:
        return markdown
    out: list[str] = []
    stack: list[tuple[int, bool]] = []  # (fence length, dropping)
    code_fence: str | None = None
    dropping_depth = 0
    for line in markdown.splitlines(keepends=True):
        dropping = dropping_depth > 0
        if code_fence is not None:
            stripped = line.strip()
            if stripped and set(stripped) == {code_fence[0]} and len(stripped) >= len(code_fence):
                code_fence = None
            if not dropping:
                out.append(line)
            continue
        m = _CODE_FENCE.match(line)
        if m:
            code_fence = m.group("fence")
            if not dropping:
                out.append(line)
            continue
        m = _BLOCK_OPEN.match(line)
        if m:
            drop = m.group("name") in names
            stack.append((len(m.group("fence")), drop))
            if drop:
                dropping_depth += 1
            if not dropping and not drop:
                out.append(line)
            continue
        m = _BLOCK_CLOSE.match(line)
        if m and stack:
            length = len(m.group("fence"))
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == length:
                    closed = stack[i:]
                    del stack[i:]
                    dropping_depth -= sum(1 for _, d in closed if d)
                    break
            else:
                if not dropping:
                    out.append(line)
                continue
            if not dropping:
                out.append(line)
            continue
        if not dropping:
            out.append(line)
    return "".join(out)


class _DetailsLocator(HTMLParser):
    """Offsets of ``<details>`` / ``<div class="admonition">`` elements carrying given classes."""

    def __init__(self, classes: tuple[str, ...]):
        super().__init__(convert_charrefs=False)
        self.classes = set(classes)
        self.spans: list[tuple[int, int]] = []
        self._stack: list[tuple[str, int, bool]] = []  # (tag, start offset, target)
        self._line_starts = [0]

    def feed_text(self, text: str) -> None:
        self._text = text
        pos = 0
        for line in text.splitlines(keepends=True):
            pos += len(line)
            self._line_starts.append(pos)
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag not in ("details", "div"):
            return
        cls = set((dict(attrs).get("class") or "").split())
        target = bool(cls & self.classes) and (tag == "details" or "admonition" in cls)
        self._stack.append((tag, self._offset(), target))

    def handle_endtag(self, tag):
        if tag not in ("details", "div"):
            return
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                _, start, target = self._stack[i]
                del self._stack[i:]
                if target:
                    end = self._text.index(">", self._offset()) + 1
                    self.spans.append((start, end))
                return


def strip_html_boxes(html: str, classes: tuple[str, ...]) -> str:
    """Remove ``details``/admonition elements with any of ``classes`` (outermost spans)."""
    if not classes or not any(c in html for c in classes):
        return html
    locator = _DetailsLocator(classes)
    locator.feed_text(html)
    spans = sorted(locator.spans)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue  # nested inside a span already removed
        merged.append((start, end))
    for start, end in reversed(merged):
        html = html[:start] + html[end:]
    return html


def is_instructor_file(src_uri: str, demo_ids: set[str], pol: Policy) -> bool:
    """True for site files a trainee build must not contain."""
    parts = src_uri.split("/")
    if pol.drop_guide and parts[0] == "guide":
        return True
    if parts[0] == "exercises" and len(parts) >= 3:
        if pol.drop_demos and parts[1] in demo_ids:
            return True
        if pol.drop_solutions and parts[2] == "solution":
            return True
    return False


def filter_nav(nav: list, removed_uris: set[str]) -> list:
    """``nav`` without removed pages and without sections left empty."""
    out = []
    for item in nav:
        if isinstance(item, str):
            if item not in removed_uris:
                out.append(item)
        elif isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    inner = filter_nav(value, removed_uris)
                    if inner:
                        kept[title] = inner
                elif value not in removed_uris:
                    kept[title] = value
            if kept:
                out.append(kept)
    return out


_LEAK_PATTERNS = (
    ("instructor notes box", re.compile(r'<details class="notes|class=\\"notes')),
    ("solution box", re.compile(r'<details class="solution|class=\\"solution')),
    ("speaker notes", re.compile(r'<aside class="notes')),
)


def scan_for_leaks(site_dir: str, markers: list[str], solutions_dropped: bool) -> list[str]:
    """Places in the finished site (HTML, JS/JSON, XML, text, archives) that show instructor-only content.

    ``markers`` are strings only instructor-only sources contain (demo titles,
    notes texts, solution file paths).  Archives are opened and their member
    names and texts searched too.
    """
    import tarfile
    import zipfile

    problems: list[str] = []
    patterns = [(label, rx) for label, rx in _LEAK_PATTERNS if label != "solution box" or solutions_dropped]

    def search(label: str, text: str) -> None:
        for what, rx in patterns:
            if rx.search(text):
                problems.append(f"{label}: {what}")
        for marker in markers:
            if marker and marker in text:
                problems.append(f"{label}: contains {marker!r}")

    for dirpath, _dirs, files in os.walk(site_dir):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, site_dir)
            if name.endswith((".zip",)):
                with zipfile.ZipFile(path) as zf:
                    for info in zf.infolist():
                        search(f"{rel}!{info.filename}", info.filename + "\n" + zf.read(info).decode("utf-8", "replace"))
            elif name.endswith((".tar.gz", ".tgz")):
                with tarfile.open(path) as tf:
                    for member in tf.getmembers():
                        data = tf.extractfile(member).read().decode("utf-8", "replace") if member.isfile() else ""
                        search(f"{rel}!{member.name}", member.name + "\n" + data)
            elif name.endswith((".html", ".js", ".json", ".xml", ".txt", ".md")) and "/vendor/" not in path.replace(os.sep, "/"):
                with open(path, encoding="utf-8", errors="replace") as fh:
                    search(rel, fh.read())
    return problems
