"""Rules for the slide decks, checked on a module page's Markdown (``docs/modules/*.md``).

The deck is split from the module page (``deck.builder``): every ``#``/``##``/``###``
heading starts a slide and everything up to the next heading is on it.  Two
things go wrong silently there, so the checker reports them at ``file:line`` in
``mkdocs build`` / ``serve`` and in ``course-check``:

* DK001: an ``/// exercises`` or ``/// demo`` block that is not the only content of
  its own ``##`` slide (speaker notes aside) merges into whatever slide comes before
  it: a demo and an exercise on one slide with their countdowns summed, or the
  exercise card under a topic's bullet points.  That is how the real course uses
  them, always: ``## Exercise: <topic>``, the block, its ``/// notes``.
* DK002: a slide that is clearly too long to present.  The browser shrinks a long
  slide's text down to 45 % (``deck.js``); beyond that it is cut off, and far before
  that it is unreadable on a projector.  The estimate counts rendered lines (see
  :func:`estimate_lines`); the threshold is calibrated against the real course, whose
  longest slide estimates at 15 of the 25 allowed (``tests/test_deck_lint.py``).
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coursekit.markdown import blocks as markdown_blocks
from coursekit.markdown.scanner import Kind, Line, scan
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule

if TYPE_CHECKING:
    from coursekit.course.manifest import Course

KIND = "deck"
#: Blocks the deck does not show on the slide: speaker notes, and detail for the handout page only.
PAGE_ONLY_BLOCKS = ("notes", "handout")

#: DK002 fires above this many estimated rendered lines (units: one line of body text at full size).
#: Measured in Chromium (deck.js shrinking, 1280x720): 14 bullets (16) fit at full size, 20 (23) need
#: 75 %, 25 (29) 60 %, 35 (40) are cut off even at 45 %; 30 code lines (19) need 75 %, 40 (25) 60 %,
#: 45 (28) 50 %, 60 (37) are cut off.  So 25 is text at about 60 %, the smallest that is still legible
#: from the back of a room.  The real course's longest slide estimates at 15.
MAX_SLIDE_LINES = 25

#: Characters of body text per rendered line at full size (1184 px wide, 28 px Source Sans Pro).
CHARS_PER_LINE = 80
#: Height of one code line (0.72 em, line height 1.3) in body-text lines (line height 1.35 plus item spacing).
CODE_LINE = 0.6
#: Height of a picture or diagram (at most 12 em / 470 px) in body-text lines.
PICTURE_LINES = 9.0
TABLE_ROW = 0.85


# ---------------------------------------------------------------------------
# The page as slides


_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:|-]+\|[ \t:|-]*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
_ATTR_LINE = re.compile(r"^[ \t]*\{[ \t]*[.#:][^}]*\}[ \t]*$")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+\w")
_COLUMN_RULE = re.compile(r"^[ \t]*(?:\*[ \t]*){3,}$")
_MARKUP = re.compile(r"[*_`=]|\[([^\]]*)\]\([^)]*\)")


@dataclass
class Code:
    """A fenced code block: its language and how many lines it shows (snippets included)."""

    lang: str
    lines: int


@dataclass
class SlideSource:
    """The Markdown of one slide: its heading and the lines up to the next heading."""

    level: int  # 1-3 as in the deck (0: text before the first heading)
    line: int  # 1-based line of the heading
    title: str
    items: list[tuple[int, Line | Code]] = field(default_factory=list)  # (1-based line, scanned line or code block)


def split_page(text: str, path: str, repo_root: str | None = None) -> list[SlideSource]:
    """The slides of a module page's Markdown, in order (front matter skipped, code blocks kept whole)."""
    page = scan(text)
    blocks, _ = markdown_blocks.extract_blocks(text, path, repo_root)
    by_fence = {b.fence_line: b for b in blocks}
    slides = [SlideSource(0, 1, "")]
    i = page.front_matter_end + 1
    while i < len(page.lines):
        line = page.lines[i]
        if line.fence is not None:
            block = by_fence.get(line.number)
            if block is not None:
                slides[-1].items.append((line.number, Code(block.lang, len(block.lines))))
            i = line.fence.last + 1
            continue
        if line.kind is Kind.HEADING and line.heading.level <= 3:
            slides.append(SlideSource(line.heading.level, line.number, line.heading.title))
        else:
            slides[-1].items.append((line.number, line))
        i += 1
    return [s for s in slides if s.level or any(isinstance(t, Code) or t.text.strip() for _, t in s.items)]


def content_slides(markdown: str, course: Course, shown_path: str, repo_root: str | None = None) -> list[str]:
    """Titles of the content slides the variant's deck shows for a module page (its Markdown with front matter).

    Every ``##``/``###`` heading is a slide (``deck.builder``), after the variant's
    ``/// variant`` blocks are resolved.  Not content: the module's ``#`` title slide,
    exercise and demo slides (their only content is an ``/// exercises`` or ``/// demo``
    block, DK001) and section slides (a ``##`` without content of its own, notes aside,
    above ``###`` sub-slides).
    """
    from coursekit.course import variants

    text = variants.filter_variants(markdown, course.variant.name, course.variants, shown_path, 0, course.variant.exclude_exercises)
    slides = [s for s in split_page(text, shown_path, repo_root) if s.level >= 2]
    titles = []
    for i, slide in enumerate(slides):
        shown = _shown_lines(slide)
        if any(_opens(item, "exercises", "demo") for item in shown):
            continue
        below = slides[i + 1] if i + 1 < len(slides) else None
        if slide.level == 2 and not shown and below is not None and below.level == 3:
            continue
        titles.append(slide.title)
    return titles


def _opens(item, *names: str) -> bool:
    return isinstance(item, Line) and item.kind is Kind.BLOCK_OPEN and item.block is not None and item.block.name in names


def _shown_lines(slide) -> list:
    """The slide's non-blank lines outside ``/// notes`` and ``/// handout`` blocks (a code block counts as one item)."""
    shown: list = []
    notes_end: float | None = None  # index of the closing line of the notes block we are in
    for _number, item in slide.items:
        if notes_end is not None:
            if isinstance(item, Line) and item.index >= notes_end:
                notes_end = None
            continue
        if _opens(item, "notes", "handout"):
            notes_end = item.block.close if item.block.close is not None else float("inf")
            continue
        if not isinstance(item, Line) or item.text.strip():
            shown.append(item)
    return shown


def is_module_page(path: str) -> bool:
    """Module pages are ``<docs_dir>/modules/<id>.md`` (handbook: "Writing a module")."""
    norm = path.replace("\\", "/")
    return norm.endswith(".md") and posixpath.basename(posixpath.dirname(norm)) == "modules" and not norm.startswith("exercises/")


# ---------------------------------------------------------------------------
# DK001


def _assignment_findings(slides: list[SlideSource], path: str) -> list[Finding]:
    findings = []
    for slide in slides:
        opened: list[tuple[int, str]] = []  # stack of (line, name) of open /// blocks
        assignments: list[tuple[int, str]] = []
        other: list[int] = []
        for number, item in slide.items:
            if isinstance(item, Code):
                if not opened or opened[-1][1] != "notes":
                    other.append(number)
                continue
            if item.kind is Kind.BLOCK_CLOSE:
                if opened:
                    opened.pop()
                continue
            if item.kind is Kind.BLOCK_OPEN:
                name = item.block.name
                opened.append((number, name))
                if name in ("exercises", "demo"):
                    assignments.append((number, name))
                elif name != "notes" and not any(n == "notes" for _, n in opened[:-1]):
                    other.append(number)
                continue
            if not item.text.strip() or _COMMENT.match(item.text):
                continue
            if opened and any(n in ("notes", "exercises", "demo") for _, n in opened):
                continue  # speaker notes, or the block's own list of exercise ids
            other.append(number)
        for index, (number, name) in enumerate(assignments):
            if slide.level in (0, 1):
                where = "the module's title slide" if slide.level == 1 else "the text before the first heading"
                problem = f"has no `##` heading of its own and merges into {where}"
            elif slide.level == 3:
                problem = f"is under the sub-topic '### {slide.title}' (line {slide.line}), not on a `##` slide of its own"
            elif index > 0:
                first = assignments[0]
                problem = (
                    f"shares the slide '## {slide.title}' (line {slide.line}) with the `/// {first[1]}` block at line {first[0]}, "
                    "and their countdowns would be summed"
                )
            elif other:
                problem = f"shares the slide '## {slide.title}' (line {slide.line}) with other content (line {other[0]})"
            else:
                continue
            findings.append(ASSIGNMENT_WITHOUT_OWN_SLIDE.finding(path, number, 1, block=name, problem=problem))
    return findings


# ---------------------------------------------------------------------------
# DK002


def _text_lines(text: str, width: int) -> float:
    visible = _MARKUP.sub(lambda m: m.group(1) or "", text).strip()
    return max(1, math.ceil(len(visible) / width))


def estimate_lines(slide: SlideSource) -> tuple[float, str]:
    """Estimated rendered lines of a slide's body at full text size, and its biggest part.

    Units are lines of body text: a list item or a paragraph line counts 1 (wrapped at
    80 characters, 40 inside ``/// columns``), a code line 0.6, a table row 0.85, a picture or
    diagram 9; a code block, a paragraph and a list add their margins.  Speaker notes do
    not count; in ``/// columns`` the taller column counts.  An exercise card counts 2 per
    exercise.
    """
    total = 0.0
    columns: list[float] | None = None
    depth_notes = 0
    open_blocks: list[str] = []
    paragraph = ""
    parts = {"list items": 0.0, "code": 0.0, "text": 0.0, "pictures": 0.0, "table rows": 0.0, "exercise cards": 0.0}

    def add(amount: float, what: str) -> None:
        nonlocal total
        parts[what] += amount
        if columns is not None:
            columns[-1] += amount
        else:
            total += amount

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            width = CHARS_PER_LINE // 2 if columns is not None else CHARS_PER_LINE
            add(_text_lines(paragraph, width) + 0.4, "text")
            paragraph = ""

    for _, item in slide.items:
        if isinstance(item, Code):
            flush()
            if depth_notes:
                continue
            if item.lang == "mermaid":
                add(PICTURE_LINES, "pictures")
            else:
                add(item.lines * CODE_LINE + 1.0, "code")
            continue
        if item.kind is Kind.BLOCK_CLOSE:
            flush()
            if open_blocks:
                name = open_blocks.pop()
                if name in PAGE_ONLY_BLOCKS:
                    depth_notes -= 1
                elif name == "columns" and columns is not None:
                    tallest = max(columns)
                    columns = None
                    total += tallest
            continue
        if item.kind is Kind.BLOCK_OPEN:
            flush()
            name = item.block.name
            open_blocks.append(name)
            if name in PAGE_ONLY_BLOCKS:
                depth_notes += 1
            elif name == "columns" and not depth_notes and columns is None:
                columns = [0.0]
            elif name in ("exercises", "demo") and not depth_notes:
                add(1.5, "exercise cards")
            continue
        if depth_notes:
            continue
        text = item.text
        if open_blocks and open_blocks[-1] in ("exercises", "demo"):
            if _LIST_ITEM.match(text):
                add(2.0, "exercise cards")
            continue
        if not text.strip() or _COMMENT.match(text) or _ATTR_LINE.match(text):
            flush()
            continue
        if columns is not None and _COLUMN_RULE.match(text):
            flush()
            columns.append(0.0)
            continue
        if _IMAGE.search(text):
            flush()
            add(PICTURE_LINES, "pictures")
            continue
        if _TABLE_ROW.match(text):
            flush()
            if not _TABLE_RULE.match(text):
                add(TABLE_ROW, "table rows")
            continue
        m = _LIST_ITEM.match(text)
        if m:
            flush()
            width = CHARS_PER_LINE // 2 if columns is not None else CHARS_PER_LINE
            add(_text_lines(m.group("text"), width) + 0.15, "list items")
            continue
        if _ADMONITION.match(text):
            flush()
            add(1.0, "text")
            continue
        if item.kind is Kind.HEADING:  # #### and deeper stay on the slide
            flush()
            add(1.3, "text")
            continue
        paragraph += " " + text.strip()
    flush()
    if columns is not None:
        total += max(columns)
    biggest = max(parts.items(), key=lambda kv: kv[1])
    return total, f"mostly {biggest[0]} (about {round(biggest[1])} lines)"


def _length_findings(slides: list[SlideSource], path: str, limit: float) -> list[Finding]:
    findings = []
    for slide in slides:
        if slide.level < 1:
            continue  # text before the first heading: not a slide of its own
        lines, biggest = estimate_lines(slide)
        if lines > limit:
            findings.append(SLIDE_TOO_LONG.finding(path, slide.line, 1, title=slide.title, lines=round(lines), limit=round(limit), biggest=biggest))
    return findings


# ---------------------------------------------------------------------------


def check_page(text: str, path: str, repo_root: str | None = None) -> list[Finding]:
    """DK001 and DK002 findings of one Markdown page (only module pages make decks)."""
    if not is_module_page(path):
        return []
    slides = split_page(text, path, repo_root)
    return _assignment_findings(slides, path) + _length_findings(slides, path, MAX_SLIDE_LINES)


def check_assignments(text: str, path: str, repo_root: str | None = None) -> list[Finding]:
    return _assignment_findings(split_page(text, path, repo_root), path) if is_module_page(path) else []


def check_slide_lengths(text: str, path: str, repo_root: str | None = None) -> list[Finding]:
    return _length_findings(split_page(text, path, repo_root), path, MAX_SLIDE_LINES) if is_module_page(path) else []


ASSIGNMENT_WITHOUT_OWN_SLIDE = Rule(
    "DK001",
    "AssignmentWithoutOwnSlide",
    KIND,
    Severity.ERROR,
    "`/// {block}` block {problem}: an exercise or demo block must be the only content of its own `##` slide (speaker notes aside)",
    "The deck makes a slide of every heading; an exercise or demo block under another slide's heading merges into that slide "
    "(a demo and an exercise on one slide with their countdowns summed, or the card under a topic's bullets), and the book's "
    "'slide that assigns it' link lands there. Write `## Exercise: <topic>` right above the block, then only its `/// notes`.",
    example="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Containers are processes\n\n- one process, isolated\n\n/// exercises\n- first-run\n///\n",
    fixed="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Containers are processes\n\n- one process, isolated\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    check=check_assignments,
    example_path="docs/modules/basics.md",
)
SLIDE_TOO_LONG = Rule(
    "DK002",
    "SlideTooLong",
    KIND,
    Severity.WARNING,
    "slide '{title}' is too long to present: about {lines} rendered lines (limit {limit}); {biggest}; "
    "split it into two slides (a `###` sub-slide below it can take the rest) or shorten it",
    "The deck shrinks a long slide's text, but not below 45 %: beyond that the slide is cut off at the bottom, and long before "
    "that it is unreadable from the back of a training room. The estimate counts list items, wrapped paragraph lines, code lines, "
    "table rows and pictures; about 14 such lines fit at full size, the limit of 25 needs the text shrunk to about 60 %.",
    example="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Everything at once\n\n- point 1: a container is a process with its own view of the system\n- point 2: a container is a process with its own view of the system\n- point 3: a container is a process with its own view of the system\n- point 4: a container is a process with its own view of the system\n- point 5: a container is a process with its own view of the system\n- point 6: a container is a process with its own view of the system\n- point 7: a container is a process with its own view of the system\n- point 8: a container is a process with its own view of the system\n- point 9: a container is a process with its own view of the system\n- point 10: a container is a process with its own view of the system\n- point 11: a container is a process with its own view of the system\n- point 12: a container is a process with its own view of the system\n- point 13: a container is a process with its own view of the system\n- point 14: a container is a process with its own view of the system\n- point 15: a container is a process with its own view of the system\n- point 16: a container is a process with its own view of the system\n- point 17: a container is a process with its own view of the system\n- point 18: a container is a process with its own view of the system\n- point 19: a container is a process with its own view of the system\n- point 20: a container is a process with its own view of the system\n- point 21: a container is a process with its own view of the system\n- point 22: a container is a process with its own view of the system\n- point 23: a container is a process with its own view of the system\n- point 24: a container is a process with its own view of the system\n- point 25: a container is a process with its own view of the system\n- point 26: a container is a process with its own view of the system\n- point 27: a container is a process with its own view of the system\n- point 28: a container is a process with its own view of the system\n- point 29: a container is a process with its own view of the system\n- point 30: a container is a process with its own view of the system\n",
    fixed="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Everything at once\n\n- point 1: a container is a process with its own view of the system\n- point 2: a container is a process with its own view of the system\n- point 3: a container is a process with its own view of the system\n- point 4: a container is a process with its own view of the system\n- point 5: a container is a process with its own view of the system\n- point 6: a container is a process with its own view of the system\n- point 7: a container is a process with its own view of the system\n- point 8: a container is a process with its own view of the system\n- point 9: a container is a process with its own view of the system\n- point 10: a container is a process with its own view of the system\n",
    check=check_slide_lengths,
    example_path="docs/modules/basics.md",
)
RULES = (ASSIGNMENT_WITHOUT_OWN_SLIDE, SLIDE_TOO_LONG)
