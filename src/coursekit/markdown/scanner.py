"""The course's Markdown dialect, read in one place: a page as classified lines with their line numbers.

Every module that needs the structure of a page (audience filtering, variants, deck lint,
exercise assignments, the generated site parts, serve dependencies, snippet targets, the
checker's code blocks) asks :func:`scan` instead of matching lines itself, so that they
all agree on where a code fence ends and which ``///`` line opens or closes a block.

What a line can be (:class:`Kind`)::

    FRONT_MATTER   the '---' lines of the page's front matter and the YAML between them
    FENCE_OPEN     ```lang / ~~~ / ````` fence lines, indented in lists and admonitions,
    CODE           after '>' in blockquotes (see :class:`Fence`); CODE is a line inside
    FENCE_CLOSE
    BLOCK_OPEN     '/// name | argument' (pymdownx.blocks and the course's own blocks)
    BLOCK_CLOSE    '///' closing the innermost open block with as many slashes
                   (``line.block is None``: it closes nothing and shows as text)
    HEADING        '# Title { .class }' outside code
    TEXT           anything else

Independently of its kind, a line can name a ``pymdownx.snippets`` file (``line.snippet``:
``--8<-- "file"``, or one file name between two ``--8<--`` lines, ``line.snippet_marker``);
pymdownx includes snippets everywhere, code blocks too.

The public API (:func:`scan`, :class:`Page`, :class:`Line`, :class:`Fence`, :class:`Block`,
:class:`Heading`, :class:`Kind`) is stable: other subsystems build on it.  Line indexes are
0-based (``page.lines[i]``); ``Line.number`` is the 1-based line in the text scanned.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    TEXT = "text"
    FRONT_MATTER = "front-matter"
    FENCE_OPEN = "fence-open"
    CODE = "code"
    FENCE_CLOSE = "fence-close"
    BLOCK_OPEN = "block-open"
    BLOCK_CLOSE = "block-close"
    HEADING = "heading"


@dataclass(frozen=True)
class Fence:
    """One fenced code block as Python-Markdown + SuperFences render it."""

    open: int  # 0-based line of the opening fence
    close: int | None  # 0-based line of the closing fence; None: never closed (it runs to the end)
    fence: str  # the fence characters: ``` ```` ~~~ ...
    indent_text: str  # the whitespace before the fence
    quote: str  # the blockquote prefix ('> ') stripped from every line, '' outside quotes
    info: str  # the info string: language and options
    shown: bool  # False: inside an HTML comment, or an indented code block (text, not a fence)

    page_last: int = 0  # 0-based index of the page's last line

    @property
    def last(self) -> int:
        """0-based index of the fence's last line (its close, or the page's last line when never closed)."""
        return self.close if self.close is not None else self.page_last


@dataclass(frozen=True)
class Block:
    """A ``/// name | argument`` block: pymdownx closes it only at a line of as many slashes."""

    name: str
    argument: str  # the text after '|', stripped ('' when none)
    fence: str  # the slashes: '///', '////', ...
    indent_text: str
    open: int  # 0-based line of the opening line
    close: int | None  # 0-based line of the closing line; None: never closed
    depth: int  # blocks around it (0: at the top of the page)
    #: the inner blocks still open when an outer block's close came (misnested): they close there too
    closed_by_outer: bool = False


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # everything after the hashes, stripped (attribute list included)
    title: str  # ``text`` without the attribute list and closing hashes
    classes: tuple[str, ...]  # classes of the attribute list (``{ .solution }``)


class Line(NamedTuple):
    """One classified line.  A named tuple, not a frozen dataclass: immutable all the same, and one
    allocation made twice as fast (a build makes one per line of every page it scans)."""

    index: int  # 0-based
    text: str  # without the line break
    kind: Kind
    depth: int  # ``///`` blocks open around the line (an opening line counts outside, a closing line inside)
    fence: Fence | None = None  # FENCE_OPEN, CODE, FENCE_CLOSE
    block: Block | None = None  # BLOCK_OPEN, BLOCK_CLOSE (None: a close that closes nothing)
    heading: Heading | None = None  # HEADING
    snippet: str | None = None  # the snippet file this line includes (inline form, or a name in the block form)
    snippet_marker: bool = False  # a '--8<--' line opening or closing the block form

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def in_code(self) -> bool:
        return self.fence is not None


@dataclass(frozen=True)
class Page:
    lines: tuple[Line, ...]
    fences: tuple[Fence, ...]
    blocks: tuple[Block, ...]  # in the order of their opening lines
    front_matter_end: int  # 0-based index of the front matter's closing line, -1 when none
    unclosed_snippet_block: int  # 0-based line of a '--8<--' block form never closed, -1 when none
    starts: tuple[int, ...]  # offset in the text of each line's first character (and one past the end)

    def blocks_named(self, *names: str) -> list[Block]:
        return [b for b in self.blocks if b.name in names]

    def block_lines(self, block: Block) -> range:
        """Indexes of a block's lines, opening and closing line included (an unclosed block runs to the end)."""
        return range(block.open, (block.close if block.close is not None else len(self.lines) - 1) + 1)

    @property
    def snippets(self) -> list[Line]:
        return [line for line in self.lines if line.snippet is not None]

    @property
    def headings(self) -> list[Line]:
        return [line for line in self.lines if line.kind is Kind.HEADING]


# -- the line patterns of the dialect (the only place they are written) -------------------------

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_BLOCK_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ ]*(?P<name>[\w-]+)[ ]*(?:\|[ ]*(?P<argument>.*?)[ ]*)?$")
_BLOCK_CLOSE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*$")
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_HEADING_ATTRS = re.compile(r"[ \t]*\{:?(?P<attrs>[^{}]*)\}$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
#: pymdownx.snippets' own line forms: an escaped (';') line is not a snippet.
_SNIPPET = re.compile(r"""^[ \t]*(?P<escape>;*)-{1,}8<-{1,}[ \t]+(?P<target>"(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?')(?![ \t])\r?$""")
_SNIPPET_MARKER = re.compile(r"^[ \t]*(?P<escape>;*)-{1,}8<-{1,}(?![ \t])\r?$")
_QUOTE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
_QUOTE_LEVEL = re.compile(r"[ ]{0,3}>[ ]?")
_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|:[ \t]|\[\^[^\]]+\]:|!!!|\?\?\?|===)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def strip_quote_markers(line: str, depth: int) -> tuple[str, int]:
    """``line`` without ``depth`` levels of blockquote markers and the number of characters removed."""
    taken = 0
    for _ in range(depth):
        m = _QUOTE_LEVEL.match(line, taken)
        if not m:
            break
        taken = m.end()
    return line[taken:], taken


def _is_close(line: str, fence: str, indent: int) -> bool:
    stripped = line.strip()
    if not stripped or stripped[0] != fence[0]:
        return False
    lead = len(line) - len(line.lstrip(" \t"))
    return lead <= indent + 3 and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _nested(lines: list[str], i: int, indent: int) -> bool:
    """Whether a fence indented by ``indent`` (4 or more) at line ``i`` sits in a list item, an
    admonition or a tab (a fence there) rather than after a paragraph (an indented code block)."""
    for k in range(i - 1, -1, -1):
        text = lines[k]
        if not text.strip():
            continue
        lead = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())
        if lead < indent:
            # Lazy continuation lines of a list item's paragraph (less indented than its content)
            # belong to the item that the paragraph's first line opens.
            while k > 0 and lines[k - 1].strip() and not _CONTAINER.match(lines[k]):
                k -= 1
            return bool(_CONTAINER.match(lines[k]))
    return False


def _scan_fences(lines: list[str], start: int) -> list[Fence]:
    """Every fence from line ``start`` on: blockquoted fences included (their '>' stripped), fences in
    HTML comments and four-space-indented fences outside any list or admonition marked as not shown."""
    fences: list[Fence] = []
    in_comment = False
    last = len(lines) - 1
    i = start
    while i < len(lines):
        raw = lines[i]
        if in_comment:
            if "-->" in raw:
                in_comment = False
            i += 1
            continue
        if "`" not in raw and "~" not in raw:
            # Most lines: no fence can open here, and without a backtick there is no code span to
            # discount before looking for an HTML comment that stays open.
            opened = raw.rfind("<!--")
            if opened >= 0 and "-->" not in raw[opened + 4 :]:
                in_comment = True
            i += 1
            continue
        quote_m = _QUOTE.match(raw)
        depth = quote_m.group(0).count(">") if quote_m else 0
        line, taken = strip_quote_markers(raw, depth) if depth else (raw, 0)
        m = _FENCE_OPEN.match(line)
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            plain = _CODE_SPAN.sub("", raw)
            opened = plain.rfind("<!--")
            if opened >= 0 and "-->" not in plain[opened + 4 :]:
                in_comment = True
            i += 1
            continue
        fence, indent_text = m.group("fence"), m.group("indent")
        indent = len(indent_text.expandtabs(4))
        shown = indent < 4 or (not depth and _nested(lines, i, indent))
        j = i + 1
        while j < len(lines) and not _is_close(strip_quote_markers(lines[j], depth)[0] if depth else lines[j], fence, indent):
            j += 1
        if not shown and j >= len(lines):
            i += 1  # an indented code block that merely contains a backtick line: plain text
            continue
        fences.append(Fence(i, j if j < len(lines) else None, fence, indent_text, raw[:taken], m.group("info"), shown, last))
        if j >= len(lines):
            break
        i = j + 1
    return fences


def _front_matter_end(lines: list[str]) -> int:
    if not lines or lines[0].rstrip() != "---":
        return -1
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), -1)


def _heading(text: str) -> Heading | None:
    m = _HEADING.match(text)
    if not m:
        return None
    body = m.group("text") or ""
    attrs = _HEADING_ATTRS.search(body)
    classes = tuple(t[1:] for t in attrs.group("attrs").split() if t.startswith(".")) if attrs else ()
    title = _CLOSING_HASHES.sub("", body[: attrs.start()] if attrs else body)
    return Heading(len(m.group("hashes")), body, title.strip(), classes)


def _snippet_of(text: str, in_block_form: bool) -> tuple[str | None, bool]:
    """(snippet target or None, whether the line is a block-form marker)."""
    if "8<" in text:
        marker = _SNIPPET_MARKER.match(text)
        if marker:
            return None, not marker.group("escape")
        m = _SNIPPET.match(text)
        if m and not in_block_form:
            return (None if m.group("escape") else m.group("target")[1:-1].strip()), False
    if in_block_form:
        name = text.strip()
        return (name if name and not name.startswith(";") else None), False
    return None, False


def scan(text: str, front_matter: bool = True) -> Page:
    """The classified lines of a Markdown page (``front_matter``: a leading '---' ... '---' is front
    matter, as in a source file; False for the Markdown MkDocs hands to ``on_page_markdown``)."""
    return _scan(text, front_matter)


def fences(text: str, front_matter: bool = True) -> tuple[Fence, ...]:
    """The code fences of a page, as :func:`scan` finds them (``scan(text).fences``), for a consumer
    that needs nothing else: a quarter of the cost of a whole scan, which classifies every line."""
    raw = _raw_lines(text)
    return tuple(_scan_fences(raw, (_front_matter_end(raw) if front_matter else -1) + 1))


def _raw_lines(text: str) -> list[str]:
    raw = [line.removesuffix("\r") for line in text.split("\n")]
    if raw and raw[-1] == "" and text.endswith("\n") or text == "":
        raw.pop()
    return raw


@functools.lru_cache(maxsize=512)
def _scan(text: str, front_matter: bool) -> Page:
    raw = _raw_lines(text)
    fm_end = _front_matter_end(raw) if front_matter else -1
    fences = _scan_fences(raw, fm_end + 1)
    fence_at: dict[int, Fence] = {}
    for f in fences:
        for k in range(f.open, f.last + 1):
            fence_at[k] = f
    lines: list[Line] = []
    blocks: list[Block] = []
    stack: list[int] = []  # indexes into ``blocks`` of the open blocks
    in_block_form = -1
    for i, text_line in enumerate(raw):
        if i <= fm_end:
            lines.append(Line(i, text_line, Kind.FRONT_MATTER, 0))
            continue
        snippet, marker = _snippet_of(text_line, in_block_form >= 0)
        if marker:
            in_block_form = -1 if in_block_form >= 0 else i
        depth = len(stack)
        f = fence_at.get(i)
        if f is not None:
            kind = Kind.FENCE_OPEN if i == f.open else Kind.FENCE_CLOSE if i == f.close else Kind.CODE
            lines.append(Line(i, text_line, kind, depth, f, None, None, snippet, marker))
            continue
        if "/" in text_line:
            close = _BLOCK_CLOSE.match(text_line)
            if close:
                slashes = close.group("fence")
                outer = next((k for k in range(len(stack) - 1, -1, -1) if blocks[stack[k]].fence == slashes), None)
                if outer is None:
                    lines.append(Line(i, text_line, Kind.BLOCK_CLOSE, depth, None, None, None, snippet, marker))
                    continue
                for k in stack[outer:]:
                    blocks[k] = _closed(blocks[k], i, misnested=k != stack[outer])
                lines.append(Line(i, text_line, Kind.BLOCK_CLOSE, depth, None, blocks[stack[outer]], None, snippet, marker))
                del stack[outer:]
                continue
            opening = _BLOCK_OPEN.match(text_line)
            if opening:
                block = Block(opening.group("name"), opening.group("argument") or "", opening.group("fence"), opening.group("indent"), i, None, depth)
                stack.append(len(blocks))
                blocks.append(block)
                lines.append(Line(i, text_line, Kind.BLOCK_OPEN, depth, None, block, None, snippet, marker))
                continue
        heading = _heading(text_line) if "#" in text_line else None
        if heading is not None:
            lines.append(Line(i, text_line, Kind.HEADING, depth, None, None, heading, snippet, marker))
            continue
        lines.append(Line(i, text_line, Kind.TEXT, depth, None, None, None, snippet, marker))
    # Lines refer to the final blocks (closing lines were found after their opening lines).
    final = {b.open: b for b in blocks}
    lines = [line if line.block is None else _with_block(line, final[line.block.open]) for line in lines]
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return Page(tuple(lines), tuple(fences), tuple(blocks), fm_end, in_block_form, tuple(starts))


def _closed(block: Block, close: int, misnested: bool) -> Block:
    return Block(block.name, block.argument, block.fence, block.indent_text, block.open, close, block.depth, misnested)


def _with_block(line: Line, block: Block) -> Line:
    return line._replace(block=block)


def leading_heading(text: str) -> tuple[int, str, Heading] | None:
    """The heading on the first non-blank line of ``text`` (no front matter) as (offset of the line
    in ``text``, the line, its heading), or None.  No line before it can open a fence, a comment or
    a block, so it is a heading for :func:`scan` too, and the rest of the page need not be scanned."""
    offset = 0
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        line = text[offset:end].removesuffix("\r")
        if line.strip():
            heading = _heading(line)
            return None if heading is None else (offset, line, heading)
        offset = end + 1
    return None


def may_have_blocks(text: str, *names: str) -> bool:
    """False when ``text`` surely has no ``/// name`` block of these names (a cheap test before a
    :func:`scan`; True may still mean a line inside code or a block never closed)."""
    return _block_open_of(names).search(text) is not None


@functools.lru_cache(maxsize=32)
def _block_open_of(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^[ \t]*/{{3,}}[ ]*(?:{alternatives})[ ]*(?:\||\r?$)", re.MULTILINE)


def replace_blocks(text: str, replace: Callable[[Block], str | None], front_matter: bool = False) -> str:
    """``text`` with whole ``///`` blocks (opening line to closing line, line break after it kept)
    replaced by what ``replace(block)`` returns; ``None`` keeps the block.  Unclosed blocks are kept."""
    page = scan(text, front_matter)
    starts = page.starts
    out: list[str] = []
    pos = 0
    for block in page.blocks:
        if block.close is None or block.open < _line_at(starts, pos):
            continue  # unclosed, or inside a block already replaced
        new = replace(block)
        if new is None:
            continue
        end = starts[block.close + 1] - 1  # the closing line's end, before its line break
        out += [text[pos : starts[block.open]], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _line_at(starts: tuple[int, ...], pos: int) -> int:
    """0-based index of the line that holds offset ``pos``."""
    return bisect.bisect_right(starts, pos) - 1
