"""A module page's Markdown as the slides of its deck: what the deck rules (``deck/rules/dk001_....py``)
and the timetable check (CK014) share.

The deck is split from the module page (``deck.builder``): every ``#``/``##``/``###``
heading starts a slide and everything up to the next heading is on it.  Two
things go wrong silently there, so the checker reports them at ``file:line`` in
``mkdocs build`` / ``serve`` and in ``course-check``: an exercise or demo block that is
not on a slide of its own (DK001) and a slide too long to present (DK002).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coursekit.markdown import blocks as markdown_blocks
from coursekit.markdown.scanner import Kind, Line, scan

if TYPE_CHECKING:
    from coursekit.course.manifest import Course

KIND = "deck"
#: Blocks the deck does not show on the slide: speaker notes, and detail for the handout page only.
PAGE_ONLY_BLOCKS = ("notes", "handout")

COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")


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
    """Module pages are ``<docs_dir>/modules/<id>.md`` (handbook: "Writing a module"); a folder's
    ``README.md`` or ``index.md`` describes the folder, it is never a module (course-check run on
    other repositories met ``modules/README.md``)."""
    norm = path.replace("\\", "/")
    name = posixpath.basename(norm)
    if name.lower() in ("readme.md", "index.md"):
        return False
    return norm.endswith(".md") and posixpath.basename(posixpath.dirname(norm)) == "modules" and not norm.startswith("exercises/")
