"""What the lab runner reads from a page: console and output blocks in page order, the
``labs:`` annotations above them, and the ``labs: check`` lines above checkpoint lists.

The fences come from the course's one Markdown scanner (``coursekit.markdown.scanner``,
through ``markdown.blocks`` for each block's lines), so the runner sees exactly the blocks
that render (blocks in lists, admonitions and ``///`` boxes included, blocks in HTML
comments not) and the annotations outside code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..markdown.blocks import extract_blocks
from ..markdown.scanner import scan
from ..validation.api import CONSOLE_LANGS
from .annotations import ANY_COMMENT, LABS_COMMENT, BlockAnnotation, parse_into

OUTPUT_LANGS = {"output", "text"}
CHECKPOINT = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+(?P<text>.*)$")


@dataclass
class PageBlock:
    lang: str  # "console" or "output"
    fence_line: int  # 1-based line of the opening fence
    close_line: int  # 1-based line of the closing fence
    indent: str  # the fence's indentation (kept when an output is recorded)
    lines: list[tuple[int, str]]  # (page line, text) of the body
    annotation: BlockAnnotation = field(default_factory=BlockAnnotation)

    @property
    def text(self) -> str:
        return "".join(t + "\n" for _, t in self.lines)


@dataclass
class PageCheck:
    line: int
    command: str
    checkpoint: str  # the checkpoint text it verifies ('' when none follows)


@dataclass
class Page:
    path: str  # as shown in reports: relative to the course root
    items: list[PageBlock | PageCheck]  # in page order
    problems: list[tuple[int, str]]


def read_page(text: str, path: str) -> Page:
    """The runner's view of one page (``path`` is what reports name)."""
    scanned = scan(text)
    lines = [line.text for line in scanned.lines]
    closes = {f.open + 1: f.last + 1 for f in scanned.fences}
    items: list[PageBlock | PageCheck] = []
    problems: list[tuple[int, str]] = []
    used: set[int] = set()
    blocks, _ = extract_blocks(text, path)
    for b in blocks:
        if b.lang not in CONSOLE_LANGS and b.lang not in OUTPUT_LANGS:
            continue
        block = PageBlock(
            "console" if b.lang in CONSOLE_LANGS else "output",
            b.fence_line,
            closes.get(b.fence_line, b.fence_line + 1),
            lines[b.fence_line - 1][: len(lines[b.fence_line - 1]) - len(lines[b.fence_line - 1].lstrip())],
            [(s.line, s.text) for s in b.lines],
        )
        k = b.fence_line - 2  # comment lines directly above the fence, read top down
        while k >= 0 and ANY_COMMENT.match(lines[k]):
            k -= 1
        for n in range(k + 2, b.fence_line):
            m = LABS_COMMENT.match(lines[n - 1])
            if m:
                parse_into(block.annotation, m.group("body"), n)
                used.add(n)
        problems += block.annotation.problems
        items.append(block)
    for line in scanned.lines:
        n = line.number
        m = None if line.in_code else LABS_COMMENT.match(line.text)
        if not m or n in used:
            continue
        keyword, _, command = m.group("body").partition(" ")
        if keyword != "check" or not command.strip():
            problems.append((n, "labs annotation is not directly above a console or output block (only 'check CMD' stands alone, above a checkpoint list)"))
            continue
        following = next((CHECKPOINT.match(t) for t in lines[n : n + 3] if CHECKPOINT.match(t)), None)
        items.append(PageCheck(n, command.strip(), following.group("text").strip() if following else ""))
    items.sort(key=lambda item: item.fence_line if isinstance(item, PageBlock) else item.line)
    return Page(path, items, sorted(problems))
