"""Split a module page's rendered HTML into reveal.js slides.

The handout page and the deck come from the same HTML (MkDocs' ``on_page_content``):
``h1`` is the module's title slide, every ``h2`` a slide, every ``h3`` a vertical
sub-slide of the ``h2`` before it.  ``details.notes`` boxes become
``<aside class="notes">``, ``details.handout`` boxes (``/// handout``) stay on the page only, the exercise/demo cards of ``/// exercises`` and
``/// demo`` (see ``site.structure.assignment_card``) become exercise slides.

Only top-level elements are inspected, with the standard library's HTML
tokenizer; every element's original HTML is kept byte for byte.  URLs are
rewritten relative to the site root, marked with :data:`ROOT`, because the same
slide is written into decks at different folder depths.
"""

from __future__ import annotations

import html as htmlmod
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Placeholder for "the site root, relative to the deck file"; replaced when a deck is written.
ROOT = "__DECK_ROOT__/"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
#: Heading classes (``## Title { .statement }``) that choose a slide layout.
LAYOUT_CLASSES = ("statement", "full-picture")


@dataclass
class Block:
    """One top-level element of a page body (or a run of text)."""

    tag: str
    attrs: dict[str, str]
    html: str
    start: int = 0

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


@dataclass
class Assignment:
    """An exercise or demo card found on a slide."""

    kind: str  # "exercise" | "demo"
    title: str
    exercise_ids: list[str]
    minutes: int


@dataclass
class Slide:
    level: int  # 1 module title, 2 slide, 3 vertical sub-slide
    heading_id: str
    title_html: str
    classes: list[str] = field(default_factory=list)
    body: list[str | Assignment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def assignments(self) -> list[Assignment]:
        return [b for b in self.body if isinstance(b, Assignment)]

    @property
    def has_content(self) -> bool:
        return any(isinstance(b, Assignment) or b.strip() for b in self.body)


class _TopLevel(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())
        self.depth = 0
        self.current: tuple[str, dict, int] | None = None
        self.blocks: list[Block] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        if self.depth == 0:
            attr_map = {k: (v or "") for k, v in attrs}
            if tag in VOID:
                end = self.text.index(">", start) + 1
                self.blocks.append(Block(tag, attr_map, self.text[start:end], start))
                return
            self.current = (tag, attr_map, start)
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self._offset()
            end = self.text.index(">", start) + 1
            self.blocks.append(Block(tag, {k: (v or "") for k, v in attrs}, self.text[start:end], start))

    def handle_endtag(self, tag):
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0 and self.current is not None:
            name, attrs, start = self.current
            end = self.text.index(">", self._offset()) + 1
            self.blocks.append(Block(name, attrs, self.text[start:end], start))
            self.current = None

    def close_blocks(self) -> list[Block]:
        self.close()
        if self.current is not None:  # unbalanced HTML: keep the rest as one block
            name, attrs, start = self.current
            self.blocks.append(Block(name, attrs, self.text[start:], start))
        return self.blocks


def top_level_blocks(body_html: str) -> list[Block]:
    """The top-level elements of ``body_html`` in order; text and comments between them are dropped."""
    fast = _well_formed_top_level(body_html)
    if fast is not None:
        return fast
    parser = _TopLevel(body_html)
    parser.feed(body_html)
    return parser.close_blocks()


# Tags as Python-Markdown writes them: quoted attribute values, nothing unusual.  A page made of
# such tags only (every '<' starts one) is split without HTMLParser, which on a module page costs
# a few milliseconds and an allocation per tag; anything else (a comment, a bare '<', script or
# style, an unquoted value) goes to HTMLParser, whose result the fast path must equal
# (tests/test_deck_split.py compares the two).
_WELL_FORMED_TAG = re.compile(r"""<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(/?)>""")
_WELL_FORMED_ATTR = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?""")
_END_TAG_NAME = re.compile(r"[a-zA-Z][-.a-zA-Z0-9:_]*")  # HTMLParser's own end tag pattern
_RAW_TEXT = {"script", "style", "textarea", "title"}  # content that HTMLParser does not read as tags


def _attr_map(attrs: str) -> dict[str, str]:
    """Attributes as ``_TopLevel`` gets them from HTMLParser: names lowercased, values unescaped."""
    out = {}
    for name, double, single in _WELL_FORMED_ATTR.findall(attrs):
        out[name.lower()] = htmlmod.unescape(double or single)  # no value reads as ""
    return out


def _well_formed_top_level(text: str) -> list[Block] | None:
    """:func:`top_level_blocks` of a page of well-formed tags, or None (then HTMLParser decides)."""
    blocks: list[Block] = []
    depth = 0
    current: tuple[str, dict, int] | None = None
    pos = text.find("<")
    while pos >= 0:
        m = _WELL_FORMED_TAG.match(text, pos)
        if m is None:
            return None
        closing, name, attrs, self_closing = m.groups()
        tag = name.lower()
        if tag in _RAW_TEXT or closing and (attrs or self_closing or not _END_TAG_NAME.fullmatch(name)):
            return None
        if closing:
            if tag not in VOID and depth:
                depth -= 1
                if depth == 0 and current is not None:
                    name0, attrs0, start = current
                    blocks.append(Block(name0, attrs0, text[start : text.index(">", pos) + 1], start))
                    current = None
        elif self_closing or tag in VOID:  # no content: a block of its own at the top, else nothing
            if depth == 0:
                blocks.append(Block(tag, _attr_map(attrs), text[pos : text.index(">", pos) + 1], pos))
        else:
            if depth == 0:
                current = (tag, _attr_map(attrs), pos)
            depth += 1
        pos = text.find("<", m.end())
    if current is not None:  # unbalanced HTML: keep the rest as one block
        name0, attrs0, start = current
        blocks.append(Block(name0, attrs0, text[start:], start))
    return blocks


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_INNER = re.compile(r"^<[^>]+>(.*)</[a-zA-Z0-9]+>\s*$", re.DOTALL)
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>.*?</summary>", re.DOTALL)
_ASSIGN_LEAD = re.compile(r'<p\b(?=[^>]*class="[^"]*\bcourse-assignment\b)[^>]*>', re.DOTALL)
_ADMONITION_TITLE = re.compile(r'<p class="admonition-title">(.*?)</p>', re.DOTALL)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")


def inner_html(element_html: str) -> str:
    m = _INNER.match(element_html.strip())
    return m.group(1) if m else element_html


def strip_tags(fragment: str) -> str:
    return htmlmod.unescape(_TAGS.sub("", fragment)).strip()


def _assignment(block: Block) -> Assignment | None:
    """The exercise/demo card produced by ``site.structure.assignment_card``, if ``block`` is one."""
    if block.tag != "div" or "admonition" not in block.classes:
        return None
    lead = _ASSIGN_LEAD.search(block.html)
    if not lead:
        return None
    attrs = dict(_ATTR.findall(lead.group(0)))
    title_m = _ADMONITION_TITLE.search(block.html)
    title = strip_tags(title_m.group(1)) if title_m else ""
    title = re.sub(r"\s*·\s*[^·]*$", "", title)  # drop the " · 40 min" suffix of the card title
    try:
        minutes = int(attrs.get("data-minutes", "0"))
    except ValueError:
        minutes = 0
    kind = "demo" if attrs.get("data-kind") == "demo" else "exercise"
    return Assignment(kind, title, attrs.get("data-exercises", "").split(), minutes)


def split_slides(body_html: str) -> list[Slide]:
    """Slides of one module page, in page order (see the module docstring)."""
    slides: list[Slide] = []
    seen_h2 = False
    for block in top_level_blocks(body_html):
        level = HEADINGS.get(block.tag)
        if level:
            if level == 3 and not seen_h2:
                level = 2  # a ### before any ## is an ordinary slide
            seen_h2 = seen_h2 or block.tag == "h2"
            title = _HEADERLINK.sub("", inner_html(block.html)).strip()
            layout = [c for c in block.classes if c in LAYOUT_CLASSES]
            slides.append(Slide(level, block.attrs.get("id", ""), title, layout))
            continue
        if not slides:
            slides.append(Slide(2, "", ""))
        slide = slides[-1]
        if block.tag == "details" and "notes" in block.classes:
            slide.notes.append(_SUMMARY.sub("", inner_html(block.html), count=1).strip())
            continue
        if block.tag == "details" and "handout" in block.classes:
            continue  # ``/// handout``: detail for the page, not for the slide
        card = _assignment(block)
        slide.body.append(card if card else block.html)
    return slides


# ---------------------------------------------------------------------------
# URLs: page-relative -> site-root-relative (marked with ROOT)

_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/)")
_CODE_ANCHOR = re.compile(r'<a id="__codelineno-[^"]*"[^>]*></a>')
_SPAN_ID = re.compile(r' id="__span-[^"]*"')


def section_id(module_id: str, heading_id: str) -> str:
    """The reveal.js slide id (``#/<id>``) of a heading of a module."""
    return f"{module_id}--{heading_id}" if heading_id else module_id


def rebase_urls(fragment: str, page_url: str, module_id: str, slide_ids: set[str]) -> str:
    """Rewrite relative ``href``/``src`` of a page fragment to ``ROOT``-relative deck URLs.

    ``#anchor`` links to a heading of the same module become slide links
    (``#/module--anchor``); other anchors open the handout page.
    """
    base = posixpath.dirname(page_url)

    def fix(m: re.Match) -> str:
        attr, url = m.group(1), htmlmod.unescape(m.group(2))
        if not url or _ABSOLUTE.match(url) or url.startswith(ROOT):
            return m.group(0)
        if url.startswith("#"):
            anchor = url[1:]
            if anchor in slide_ids:
                return f'{attr}="#/{htmlmod.escape(section_id(module_id, anchor))}"'
            return f'{attr}="{ROOT}{htmlmod.escape(page_url + url)}"'
        path, sep, rest = url.partition("#")
        path, qsep, query = path.partition("?")
        resolved = posixpath.normpath(posixpath.join(base, path)) if path else page_url
        if resolved.startswith("../"):
            return m.group(0)  # leaves the site: keep as written
        target = resolved + (qsep + query) + (sep + rest)
        return f'{attr}="{ROOT}{htmlmod.escape(target)}"'

    return _URL_ATTR.sub(fix, fragment)


def clean_fragment(fragment: str) -> str:
    """Drop handout-only markup: heading permalinks, per-line code anchors and ids (duplicates across modules)."""
    fragment = _HEADERLINK.sub("", fragment)
    fragment = _CODE_ANCHOR.sub("", fragment)
    return _SPAN_ID.sub("", fragment)
