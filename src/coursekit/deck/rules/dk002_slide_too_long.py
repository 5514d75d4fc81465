"""DK002 SlideTooLong.

A slide that is clearly too long to present.  The browser shrinks a long slide's text down
to 45 % (``deck.js``); beyond that it is cut off, and far before that it is unreadable on a
projector.  The estimate counts rendered lines (see :func:`estimate_lines`); the threshold
is calibrated against the real course, whose longest slide estimates at 15 of the 25
allowed (``tests/test_deck_lint.py``).
"""

from __future__ import annotations

import math
import re

from coursekit.deck.lint import COMMENT, KIND, PAGE_ONLY_BLOCKS, Code, SlideSource, is_module_page, split_page
from coursekit.markdown.scanner import Kind
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule

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

_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:|-]+\|[ \t:|-]*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_ATTR_LINE = re.compile(r"^[ \t]*\{[ \t]*[.#:][^}]*\}[ \t]*$")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+\w")
_COLUMN_RULE = re.compile(r"^[ \t]*(?:\*[ \t]*){3,}$")
_MARKUP = re.compile(r"[*_`=]|\[([^\]]*)\]\([^)]*\)")


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
        if not text.strip() or COMMENT.match(text) or _ATTR_LINE.match(text):
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
            findings.append(RULE.finding(path, slide.line, 1, title=slide.title, lines=round(lines), limit=round(limit), biggest=biggest))
    return findings


def check_slide_lengths(text: str, path: str, repo_root: str | None = None) -> list[Finding]:
    return _length_findings(split_page(text, path, repo_root), path, MAX_SLIDE_LINES) if is_module_page(path) else []


RULE = Rule(
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
