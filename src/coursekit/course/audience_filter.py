"""What a trainee build leaves out, removed before anything is rendered or indexed.

A trainee build (``COURSE_AUDIENCE=trainee``) drops

* instructor notes (``/// notes`` blocks; ``details.notes`` in HTML),
* demo pages (``kind: demo``), their lab files, the ``/// demo`` cards on module
  pages and the whole instructor guide (``guide/``),
* solutions (``/// solution`` blocks, ``details.solution``, ``exercises/<id>/solution/``)
  unless ``extra.course.trainee_solutions: true``.

Solutions also come as whole sections: a heading with the class ``solution``
(``## Sample Containerfile { .solution }``, levels 2 to 6) marks everything up to
the next heading of the same or a higher level as a solution.  Trainee builds
drop such a section like a ``/// solution`` block; instructor builds keep it and
put a small "solution" marker under its heading (:data:`SOLUTION_MARKER_CLASS`).
A heading whose section held nothing but instructor-only blocks (the typical
``## Instructor demo: ...`` heading over a ``/// demo`` card and its notes) is
dropped with them, unless it chooses a slide layout (``{ .statement }``) or is
``## Learning objectives``.

Blocks and sections are cut from the Markdown before it is rendered (so they
never reach the HTML, the search index, the sitemap or the archives); the HTML
pass is a second net for the same boxes and sections written some other way
(``??? notes``, raw ``<h2 class="solution">``, a Markdown snippet), and
:func:`scan_for_leaks` is the last check over the finished site.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from coursekit.course.manifest import OBJECTIVES_HEADING
from coursekit.markdown.scanner import Kind, Line, Page, scan

#: CSS classes of boxes that only instructors see (and, per audience, solutions).
NOTES_CLASS = "notes"
SOLUTION_CLASS = "solution"
#: Text written into every instructor-only box; the leak scan looks for it.
NOTES_TITLE = "Instructor notes"
#: The marker instructor builds put under the heading of a solution section.
SOLUTION_MARKER_CLASS = "course-solution-marker"
SOLUTION_MARKER = f'<p class="{SOLUTION_MARKER_CLASS}">Solution: not in the trainee edition</p>'
#: Heading classes that choose a slide layout; such a heading stays even when its section is empty.
LAYOUT_CLASSES = ("statement", "full-picture")


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


def policy(who: str, trainee_solutions: bool = False) -> Policy:
    """The policy of a build for ``who`` (``COURSE_AUDIENCE``; ``extra.course.trainee_solutions``)."""
    if who != "trainee":
        return Policy(who, False, False, False, False)
    return Policy(who, True, True, True, not trainee_solutions)


def _lines_keepends(markdown: str) -> list[str]:
    """The lines of ``markdown`` with their line breaks, split where the scanner splits them."""
    parts = markdown.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _dropped_lines(page: Page, names: tuple[str, ...]) -> set[int]:
    """Indexes of the lines of every ``/// name`` block with one of ``names`` (an unclosed one runs to the end)."""
    dropped: set[int] = set()
    for block in page.blocks:
        if block.name in names and block.open not in dropped:
            dropped.update(page.block_lines(block))
    return dropped


def strip_blocks(markdown: str, names: tuple[str, ...]) -> str:
    """Remove ``/// name`` ... ``///`` blocks (nested blocks and code fences respected)."""
    if not names:
        return markdown
    dropped = _dropped_lines(scan(markdown, front_matter=False), names)
    return "".join(text for i, text in enumerate(_lines_keepends(markdown)) if i not in dropped)


def _closes(line: Line) -> bool:
    """A ``///`` line that closes a block."""
    return line.kind is Kind.BLOCK_CLOSE and line.block is not None


def _level(line: Line) -> int:
    """ATX heading level outside code fences, else 0."""
    return line.heading.level if line.heading else 0


def _section_end(lines: tuple[Line, ...], start: int) -> int:
    """Index after the section that starts at the heading ``lines[start]``.

    The section runs to the next heading of the same or a higher level in the
    same ``///`` block, or to the end of the block that holds the heading
    (``Line.depth``: a block's opening line counts outside it, its closing line inside).
    """
    head = lines[start]
    level = _level(head)
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if line.depth < head.depth or (line.depth == head.depth and head.depth > 0 and _closes(line)):
            return j
        if line.depth == head.depth and 0 < _level(line) <= level:
            return j
    return len(lines)


def solution_sections(markdown: str, css_class: str = SOLUTION_CLASS) -> list[tuple[int, int]]:
    """0-based ``(first, end)`` line ranges of the sections under ``## Title { .solution }`` headings.

    Only levels 2 to 6: a ``#`` title marks no section (it would swallow the page).
    Nested solution sections lie inside the range of the outer one.
    """
    if "." + css_class not in markdown:
        return []  # no attribute list can carry the class: most pages, and the scan is the costly part
    lines = scan(markdown, front_matter=False).lines
    out: list[tuple[int, int]] = []
    end = 0
    for i, line in enumerate(lines):
        if i >= end and _level(line) >= 2 and css_class in line.heading.classes:
            end = _section_end(lines, i)
            out.append((i, end))
    return out


def strip_sections(markdown: str, css_class: str = SOLUTION_CLASS) -> str:
    """Remove every section whose heading carries ``css_class`` (heading to next heading of the same or higher level)."""
    ranges = solution_sections(markdown, css_class)
    if not ranges:
        return markdown
    lines = markdown.splitlines(keepends=True)
    for first, end in reversed(ranges):
        del lines[first:end]
    return "".join(lines)


def mark_sections(markdown: str, css_class: str = SOLUTION_CLASS, marker: str = SOLUTION_MARKER) -> str:
    """Put ``marker`` (a paragraph of HTML) under every heading that carries ``css_class``."""
    ranges = solution_sections(markdown, css_class)
    if not ranges:
        return markdown
    lines = markdown.splitlines(keepends=True)
    for first, _end in reversed(ranges):
        if not lines[first].endswith("\n"):
            lines[first] += "\n"
        lines.insert(first + 1, f"\n{marker}\n")
    return "".join(lines)


def drop_emptied_sections(markdown: str, names: tuple[str, ...]) -> str:
    """Strip ``/// name`` blocks, and with them every heading left with nothing to show.

    A heading goes when its own text held instructor-only blocks (a ``/// demo``
    card, a ``/// solution`` box, notes) and nothing else, blank lines aside, and
    each of its sub-headings goes too: the handout then matches the trainee deck,
    which drops such slides.  Headings that choose a slide layout (a statement
    is meant to be empty) and ``## Learning objectives`` (filled in from the
    front matter later) stay.
    """
    if not names:
        return markdown
    page = scan(markdown, front_matter=False)
    texts = _lines_keepends(markdown)
    dropped = _dropped_lines(page, names)
    starts = [line.index for line in page.headings if line.depth == 0]
    bounds = [0, *starts, len(texts)]
    # Section k > 0 starts with the heading starts[k - 1]; section 0 is the text before the first heading.
    sections = [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    removed = [False] * len(sections)
    for k in range(len(sections) - 1, 0, -1):
        head = page.lines[starts[k - 1]]
        body = sections[k][1:]
        emptied = any(texts[i].strip() for i in body) and not any(texts[i].strip() for i in body if i not in dropped)
        if not emptied or any(c in LAYOUT_CLASSES for c in head.heading.classes) or OBJECTIVES_HEADING.match(head.text):
            continue
        # Its sub-sections: the following sections of a deeper level, up to the next same-or-higher heading.
        sub = k + 1
        while sub < len(sections) and page.lines[starts[sub - 1]].heading.level > head.heading.level:
            sub += 1
        removed[k] = all(removed[k + 1 : sub])
    return "".join(texts[i] for section, gone in zip(sections, removed, strict=True) if not gone for i in section if i not in dropped)


def filter_markdown(markdown: str, pol: Policy) -> str:
    """A page's Markdown for this build: instructor-only blocks and sections removed (trainee) or marked (instructor)."""
    if pol.drop_solutions:
        markdown = strip_sections(markdown, SOLUTION_CLASS)
    elif pol.audience == "instructor":
        markdown = mark_sections(markdown, SOLUTION_CLASS)
    return drop_emptied_sections(markdown, pol.blocks)


def strip_html_sections(html: str, css_class: str, removed_ids: set[str] | None = None) -> str:
    """Remove top-level sections (``<h2 class="solution">`` to the next heading of the same or a higher level) from page HTML.

    The ids of the headings removed (the section's and its sub-headings') are
    added to ``removed_ids``, so that the caller can drop them from the page's
    table of contents.
    """
    if css_class not in html:
        return html
    from coursekit.deck.builder import top_level_blocks

    spans: list[tuple[int, int]] = []
    level = 0  # level of the open section being cut, 0 when none
    for block in top_level_blocks(html):
        block_level = int(block.tag[1]) if re.fullmatch(r"h[1-6]", block.tag) else 0
        if level and block_level and block_level <= level:
            level = 0
        if not level and block_level >= 2 and css_class in block.classes:
            level = block_level
        if level:
            if block_level and removed_ids is not None and block.attrs.get("id"):
                removed_ids.add(block.attrs["id"])
            spans.append((block.start, block.start + len(block.html)))
    for start, end in reversed(spans):
        html = html[:start] + html[end:]
    return html


def prune_toc(toc, removed_ids: set[str]) -> None:
    """Drop entries with ``removed_ids`` (and their children) from a MkDocs table of contents, in place.

    ``toc`` is a ``TableOfContents`` (its ``items``) or a list of ``AnchorLink``.
    """
    items = toc.items if hasattr(toc, "items") and isinstance(toc.items, list) else toc
    for item in list(items):
        if getattr(item, "id", None) in removed_ids:
            items.remove(item)
        else:
            prune_toc(getattr(item, "children", []), removed_ids)


def filter_html(html: str, pol: Policy, toc=None) -> str:
    """The second net over a page's HTML: instructor-only boxes and solution sections removed.

    ``toc`` (``page.toc``) loses the entries of the sections removed here.
    """
    html = strip_html_boxes(html, pol.html_classes)
    if pol.drop_solutions:
        removed: set[str] = set()
        html = strip_html_sections(html, SOLUTION_CLASS, removed)
        if toc is not None and removed:
            prune_toc(toc, removed)
    return html


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
#: A heading of a solution section (``## Title { .solution }``) or its instructor marker.
_SOLUTION_SECTION = re.compile(rf'<h[1-6]\b(?=[^>]*\bclass="(?:[^"]*\s)?{SOLUTION_CLASS}[\s"])[^>]*>|class="{SOLUTION_MARKER_CLASS}"')
_ID = re.compile(r'\bid="([^"]*)"')


def scan_for_leaks(site_dir: str, markers: list[str], solutions_dropped: bool) -> list[str]:
    """Places in the finished site (HTML, JS/JSON, XML, text, archives: .zip, .tar.gz, .gz) that show instructor-only content.

    ``markers`` are strings only instructor-only sources contain (demo titles,
    notes texts, solution file paths).  Archives are opened and their member
    names and texts searched too.
    """
    import gzip
    import tarfile
    import zipfile

    problems: list[str] = []
    patterns = [(label, rx) for label, rx in _LEAK_PATTERNS if label != "solution box" or solutions_dropped]

    def search(label: str, text: str) -> None:
        for what, rx in patterns:
            if rx.search(text):
                problems.append(f"{label}: {what}")
        if solutions_dropped:
            for m in _SOLUTION_SECTION.finditer(text):
                heading_id = _ID.search(m.group(0))
                problems.append(f"{label}: solution section" + (f" #{heading_id.group(1)}" if heading_id else ""))
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
            elif name.endswith(".gz"):  # sitemap.xml.gz
                with gzip.open(path) as gz:
                    search(f"{rel}!", gz.read().decode("utf-8", "replace"))
            elif name.endswith((".html", ".js", ".json", ".xml", ".txt", ".md")) and "/vendor/" not in path.replace(os.sep, "/"):
                with open(path, encoding="utf-8", errors="replace") as fh:
                    search(rel, fh.read())
    return problems
