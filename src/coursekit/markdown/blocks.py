"""Fenced code blocks of a Markdown page, with every line mapped to its real source.

Handles backtick and tilde fences, longer fences enclosing shorter ones, fences
indented inside lists and admonitions, the annotation comment above a fence and
``pymdownx.snippets`` includes (``--8<-- "path"``), whose lines keep the path and
line numbers of the included file.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_ANNOTATION = re.compile(r"^[ \t]*<!--\s*course-check:\s*(?P<body>.*?)\s*-->[ \t]*$")
_SNIPPET = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>[^"']+)(?P=q)[ \t]*$""")
#: A line of only ``--8<--`` opens or closes pymdownx's block form (one file name per line between).
SNIPPET_BLOCK_MARKER = re.compile(r"^[ \t]*-{1,}8<-{1,}$")
#: How pymdownx splits a target into file, line ranges (``:1:5,9:``) and section (``:name``).
_TARGET = re.compile(r"(?i)^(?P<name>.*?)(?:(?P<ranges>(?::-?[0-9]*){1,2}(?:(?:,(?=[-0-9:])-?[0-9]*)(?::-?[0-9]*)?)*)|:(?P<section>[a-z][-_0-9a-z]*))?$")
#: A section marker inside an included file (``# --8<-- [start:name]``), as pymdownx matches it.
_SECTION_MARKER = re.compile(
    r"(?i)^(?P<pre>.*?)(?<!;)(?P<escape>;*)-{1,}8<-{1,}[ \t]+\[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]"
)
MAX_TARGET_LENGTH = 1000
_OPTION = re.compile(r"""(?P<key>[A-Za-z_][\w-]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")


@dataclass(frozen=True)
class SourceLine:
    """One line of an artefact and where it really lives."""

    text: str
    path: str
    line: int  # 1-based
    column_offset: int = 0  # characters stripped before ``text`` (fence indentation)


@dataclass
class Annotation:
    fragment: bool = False
    placeholders: bool = False
    expect: list[str] = field(default_factory=list)
    ignore: dict[str, str] = field(default_factory=dict)  # code/name -> reason
    problems: list[str] = field(default_factory=list)
    line: int = 0
    path: str = ""


@dataclass
class CodeBlock:
    path: str
    fence_line: int  # 1-based line of the opening fence
    indent: int
    lang: str
    options: dict[str, str]
    lines: list[SourceLine]
    annotation: Annotation | None = None
    #: (path, line, rule code, message): a snippet that cannot be shown as meant; path "" is the page itself
    snippet_problems: list[tuple[str, int, str, str]] = field(default_factory=list)
    #: it shows part of a file (a line range or a section): a fragment, never a whole file
    partial: bool = False

    @property
    def title(self) -> str:
        return self.options.get("title", "")

    @property
    def text(self) -> str:
        return "".join(line.text + "\n" for line in self.lines)


@dataclass
class FenceProblem:
    line: int
    message: str


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Language and options of a fence's info string (SuperFences and attr-list forms)."""
    info = info.strip()
    lang = ""
    if info.startswith("{") and info.endswith("}"):
        inner = info[1:-1].strip()
        options = _options(inner)
        for token in inner.split():
            if token.startswith(".") and not lang:
                lang = token[1:]
        return lang.lower(), options
    if info and not re.match(r"^[A-Za-z_][\w-]*=", info):
        lang, _, info = info.partition(" ")
    return lang.strip().lower(), _options(info)


def _options(text: str) -> dict[str, str]:
    out = {}
    for m in _OPTION.finditer(text):
        out[m.group("key")] = next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
    return out


def parse_annotation(body: str, path: str, line: int) -> Annotation:
    """``fragment placeholders expect A B ignore C -- reason`` -> Annotation."""
    ann = Annotation(line=line, path=path)
    body, _, reason = body.partition(" -- ")
    reason = reason.strip()
    try:
        tokens = shlex.split(body)
    except ValueError:
        tokens = body.split()
    mode = None
    for token in tokens:
        low = token.lower().rstrip(",")
        if low in ("fragment", "placeholders"):
            setattr(ann, low, True)
            mode = None
        elif low in ("expect", "ignore"):
            mode = low
        elif mode == "expect":
            ann.expect.append(token.rstrip(","))
        elif mode == "ignore":
            ann.ignore[token.rstrip(",")] = reason
        else:
            ann.problems.append(f"unknown annotation keyword '{token}' (use fragment, placeholders, expect CODE..., ignore CODE... -- reason)")
    if "ignore" in [t.lower() for t in tokens]:
        if not ann.ignore:
            ann.problems.append("'ignore' needs at least one rule code")
        elif not reason:
            ann.problems.append("'ignore' needs a reason after ' -- '")
    if "expect" in [t.lower() for t in tokens] and not ann.expect:
        ann.problems.append("'expect' needs at least one rule code")
    return ann


def _is_close(line: str, fence: str, indent: int) -> bool:
    stripped = line.strip()
    if not stripped or stripped[0] != fence[0]:
        return False
    lead = len(line) - len(line.lstrip(" \t"))
    return lead <= indent + 3 and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


_QUOTE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|:[ \t]|\[\^[^\]]+\]:|!!!|\?\?\?|===)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


@dataclass
class Fence:
    """One fenced code block as Python-Markdown + SuperFences render it."""

    open: int  # 0-based line of the opening fence
    close: int | None  # 0-based line of the closing fence; None: never closed
    fence: str
    indent_text: str
    quote: str  # the blockquote prefix ('> ') stripped from every line, '' outside quotes
    info: str
    shown: bool  # False: inside an HTML comment, or an indented code block (text, not a fence)


def _unquote(line: str, depth: int) -> tuple[str, int]:
    """``line`` without ``depth`` levels of blockquote markers and the number of characters removed."""
    taken = 0
    for _ in range(depth):
        m = re.match(r"[ ]{0,3}>[ ]?", line[taken:])
        if not m:
            break
        taken += m.end()
    return line[taken:], taken


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


def scan_fences(lines: list[str]) -> list[Fence]:
    """Every fence of a page in order: blockquoted fences included (their '>' stripped), fences in HTML
    comments and four-space-indented fences outside any list or admonition marked as not shown."""
    fences: list[Fence] = []
    in_comment = False
    i = 0
    while i < len(lines):
        raw = lines[i]
        if in_comment:
            if "-->" in raw:
                in_comment = False
            i += 1
            continue
        quote_m = _QUOTE.match(raw)
        depth = quote_m.group(0).count(">") if quote_m else 0
        line, taken = _unquote(raw, depth) if depth else (raw, 0)
        m = _OPEN.match(line)
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
        while j < len(lines) and not _is_close(_unquote(lines[j], depth)[0] if depth else lines[j], fence, indent):
            j += 1
        if not shown and j >= len(lines):
            i += 1  # an indented code block that merely contains a backtick line: plain text
            continue
        fences.append(Fence(i, j if j < len(lines) else None, fence, indent_text, raw[:taken], m.group("info"), shown))
        if j >= len(lines):
            break
        i = j + 1
    return fences


def extract_blocks(text: str, path: str, repo_root: str | None = None) -> tuple[list[CodeBlock], list[FenceProblem]]:
    """All fenced blocks of ``text`` (a Markdown page at ``path``) that render as code blocks, and
    structural problems.  A fence inside an HTML comment or a four-space-indented one outside any
    list or admonition (an indented code block) is not a code block and is skipped."""
    lines = text.splitlines()
    blocks: list[CodeBlock] = []
    problems: list[FenceProblem] = []
    fences = {f.open: f for f in scan_fences(lines)}
    pending: Annotation | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        am = _ANNOTATION.match(line)
        if am and i not in fences:
            if pending is not None:
                # Several annotation lines in a row merge into one.
                extra = parse_annotation(am.group("body"), path, i + 1)
                pending.fragment |= extra.fragment
                pending.placeholders |= extra.placeholders
                pending.expect += extra.expect
                pending.ignore.update(extra.ignore)
                pending.problems += extra.problems
            else:
                pending = parse_annotation(am.group("body"), path, i + 1)
            i += 1
            continue
        f = fences.get(i)
        if f is None:
            if pending is not None and line.strip():
                problems.append(FenceProblem(pending.line, "course-check annotation is not directly above a code fence"))
                pending = None
            i += 1
            continue
        if f.close is None:
            if f.shown:
                problems.append(FenceProblem(i + 1, f"code fence '{f.fence}' opened here is never closed (a closing '{f.fence}' is missing)"))
            pending = None
            break
        depth = f.quote.count(">")
        if not f.shown:
            if pending is not None:
                problems.append(FenceProblem(pending.line, "course-check annotation is above a fence that does not render as a code block"))
            pending = None
            i = f.close + 1
            continue
        indent = len(f.indent_text.expandtabs(4))
        lang, options = parse_info(f.info)
        body: list[SourceLine] = []
        for j in range(i + 1, f.close):
            raw, taken = _unquote(lines[j], depth) if depth else (lines[j], 0)
            strip = 0
            while strip < len(f.indent_text) and strip < len(raw) and raw[strip] in " \t":
                strip += 1
            body.append(SourceLine(raw[strip:], path, j + 1, taken + strip))
        block = CodeBlock(path, i + 1, indent, lang, options, body, pending)
        if repo_root is not None:
            _expand_snippets(block, repo_root)
        blocks.append(block)
        pending = None
        i = f.close + 1
    if pending is not None:
        problems.append(FenceProblem(pending.line, "course-check annotation is not directly above a code fence"))
    return blocks, problems


@dataclass
class Snippet:
    """What a snippet target shows: the lines pymdownx includes, with their real line numbers."""

    target: str
    full: str | None = None  # absolute path of the file, None when refused
    rel: str = ""  # the file relative to the repository, '/'-separated
    lines: list[tuple[int, str]] = field(default_factory=list)  # (1-based line in the file, text)
    partial: bool = False  # a line range or a section, not the whole file
    code: str = ""  # "" when fine, else the rule of the problem (CK004, CK006)
    reason: str = ""
    line: int = 0  # for CK006: the line of the undecodable byte in the file


def split_target(target: str) -> tuple[str, str | None, str | None]:
    """``file:1:5,9:`` -> (file, ':1:5,9:', None); ``file:name`` -> (file, None, 'name'), as pymdownx splits it."""
    m = _TARGET.match(target[:MAX_TARGET_LENGTH])
    if m is None:  # only with newlines, which a snippet line cannot hold
        return target, None, None
    return m.group("name").strip(), m.group("ranges"), m.group("section")


def _file_lines(text: str) -> list[str]:
    """Lines as pymdownx reads them (text mode: \r\n and \r are newlines; no other separators)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _select_ranges(spec: str, count: int) -> tuple[list[int], str]:
    """0-based line indexes a ``:1:5,9:`` spec selects from ``count`` lines (pymdownx's slicing), or a problem.

    pymdownx splits a file that ends with a newline into one more (empty) line; negative
    positions count from that one, so the slicing uses it and then leaves it out."""
    real, count = count, count + 1
    chosen: list[int] = []
    for part in spec[1:].split(","):
        span = part.split(":")
        first = int(span[0]) if span[0] else None
        last = int(span[1]) if len(span) > 1 and span[1] else None
        start = first if first is None or first < 0 else max(0, first - 1)
        if start is not None and start < 0:
            start = min(max(count + start, 0), count)
        end = min(max(count + 1 + last, 0), count) if last is not None and last < 0 else last
        picked = [i for i in list(range(count))[slice(start, end)] if i < real]
        shown = part if part else ":"
        if not picked:
            return [], f"line range '{shown}' selects no line: the file has {real} line{'s' * (real != 1)}"
        if last is not None and last > real:
            return [], f"line range '{shown}' runs past the end of the file ({real} line{'s' * (real != 1)}): the block would miss lines"
        chosen.extend(picked)
    return chosen, ""


def _select_section(name: str, lines: list[str]) -> tuple[list[int], str]:
    """0-based indexes of the lines of section ``name`` (other sections' markers left out), or a problem."""
    chosen: list[int] = []
    inside = found = ended = False
    for i, text in enumerate(lines):
        m = _SECTION_MARKER.match(text) if "8<-" in text else None
        if m and not m.group("escape") and m.group("name") == name:
            if m.group("type") == "start":
                inside = found = True
                continue
            ended = inside
            break
        if m and not m.group("escape"):
            continue  # another section's marker is not shown
        if inside:
            chosen.append(i)
    if not found:
        return [], f"section '{name}' is not marked in the file (a line with '--8<-- [start:{name}]' and one with '--8<-- [end:{name}]')"
    if not ended:
        return [], f"section '{name}' has no '--8<-- [end:{name}]' line: it would run to the end of the file"
    return chosen, ""


def load_snippet(target: str, repo_root: str) -> Snippet:
    """Resolve a snippet target inside ``repo_root`` and select its lines as pymdownx.snippets does;
    every reason pymdownx would fail, or show something else than meant, is a problem."""
    snip = Snippet(target)
    if len(target) > MAX_TARGET_LENGTH:
        snip.code, snip.reason = "CK004", f"snippet target of {len(target)} characters is too long"
        return snip
    name, ranges, section = split_target(target)
    if "\0" in name or any(ord(c) < 32 for c in name):
        snip.code, snip.reason = "CK004", f"snippet path '{name}' contains a control character"
        return snip
    if not name:
        snip.code, snip.reason = "CK004", f"snippet '{target}' names no file"
        return snip
    if os.path.isabs(name):
        snip.code, snip.reason = "CK004", f"snippet '{target}' uses an absolute path; use a path relative to the repository"
        return snip
    root = os.path.realpath(repo_root)
    full = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([full, root]) != root:
        snip.code, snip.reason = "CK004", f"snippet '{target}' points outside the repository"
        return snip
    if not os.path.isfile(full):
        snip.code, snip.reason = "CK004", f"snippet file '{name}' does not exist"
        return snip
    snip.rel = os.path.relpath(full, root).replace(os.sep, "/")
    try:
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        snip.code, snip.reason = "CK004", f"snippet file '{name}' cannot be read: {exc.strerror}"
        return snip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        snip.code, snip.line = "CK006", data[: exc.start].count(b"\n") + 1
        snip.reason = f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}), so the snippet '{target}' cannot be shown"
        return snip
    lines = _file_lines(text.removeprefix("\ufeff"))
    if ranges:
        chosen, problem = _select_ranges(ranges, len(lines))
    elif section:
        chosen, problem = _select_section(section, lines)
    else:  # the whole file; section markers are not shown
        chosen = [i for i, t in enumerate(lines) if not ("8<-" in t and (m := _SECTION_MARKER.match(t)) and not m.group("escape"))]
        problem = ""
    if problem:
        snip.code, snip.reason = "CK004", f"snippet '{target}': {problem}"
        return snip
    snip.full, snip.partial = full, bool(ranges or section)
    snip.lines = [(i + 1, lines[i]) for i in chosen]
    return snip


def resolve_snippet(target: str, repo_root: str) -> tuple[str | None, str]:
    """Absolute path of a snippet target inside ``repo_root``, or (None, reason) when pymdownx would
    fail on it or show something else than meant (missing, outside, not UTF-8, bad range or section)."""
    snip = load_snippet(target, repo_root)
    if snip.full is None:
        return None, snip.reason if snip.code != "CK006" else f"snippet file '{split_target(target)[0]}' {snip.reason}"
    return snip.full, ""


def _expand_snippets(block: CodeBlock, repo_root: str) -> None:
    expanded: list[SourceLine] = []
    in_block_form = False
    for src in block.lines:
        if SNIPPET_BLOCK_MARKER.match(src.text):
            in_block_form = not in_block_form  # the marker lines themselves are not shown
            continue
        if in_block_form:
            target = src.text.strip()
            if not target or target.startswith(";"):
                if not target:
                    expanded.append(SourceLine("", src.path, src.line, src.column_offset))
                continue
        else:
            m = _SNIPPET.match(src.text)
            if not m:
                expanded.append(src)
                continue
            target = m.group("target").strip()
        snip = load_snippet(target, repo_root)
        if snip.full is None:
            block.partial = True  # what is left of the block is not a whole file: no whole-file findings on top
            if snip.code == "CK006":  # reported at the undecodable byte in the file itself
                block.snippet_problems.append((snip.rel, snip.line, "CK006", f"{snip.reason} (included by {block.path}:{src.line})"))
            else:
                block.snippet_problems.append(("", src.line, "CK004", snip.reason))
            continue
        block.partial |= snip.partial
        expanded.extend(SourceLine(text, snip.rel, n, 0) for n, text in snip.lines)
    if in_block_form:
        block.snippet_problems.append(
            ("", block.fence_line, "CK004", "a '--8<--' block of snippet file names is never closed by a second '--8<--' line", "CK004")
        )
    block.lines = expanded


# ---------------------------------------------------------------------------
# ``/// name`` blocks (pymdownx.blocks and the course's own: notes, columns, hint,
# solution, exercises, demo, agenda, ...).  pymdownx closes a block only at a line of
# exactly as many slashes as opened it; an unclosed block silently swallows the rest
# of the page (its slides, its exercises).

#: A ``/// name`` (or ``//// name | title``) block opening line and a closing line; shared by every
#: module that walks the block structure of a page.
BLOCK_OPEN = re.compile(r"^[ \t]*(?P<fence>/{3,})[ ]*(?P<name>[\w-]+)[ ]*(?:\|.*)?$")
BLOCK_CLOSE = re.compile(r"^[ \t]*(?P<fence>/{3,})[ \t]*$")
_TOPIC_HEADING = re.compile(r"^(#{1,2})[ \t]+\S")


@dataclass
class BlockProblem:
    line: int  # 1-based: the opening line of the block at fault (a stray close: its own line)
    message: str


@dataclass
class _OpenBlock:
    fence: str
    name: str
    line: int
    headings: list[tuple[int, str]] = field(default_factory=list)


def fenced_lines(lines: list[str]) -> set[int]:
    """0-based indexes of the lines inside fenced code blocks, fences included (an
    unclosed fence runs to the end: CK001 reports it)."""
    inside: set[int] = set()
    for f in scan_fences(lines):
        end = f.close if f.close is not None else len(lines) - 1
        inside.update(range(f.open, end + 1))
    return inside


_TOPIC_CONTAINERS = frozenset({"variant"})


def _label(block: _OpenBlock) -> str:
    return f"'{block.fence} {block.name}'"


def block_problems(text: str) -> list[BlockProblem]:
    """Unclosed, misnested and stray ``///`` block lines of a Markdown page (code blocks ignored).

    * a block still open at the end of the page (reported at its opening line, with the
      topics it swallows);
    * a block whose content holds a ``#``/``##`` topic heading: a ``/// notes`` closed
      too late takes that topic (its slide) into the notes;
    * a closing line that matches an outer block while an inner one is still open (the
      inner block is reported, at its opening line);
    * a closing line that matches no open block (reported at that line: it shows as text).
    """
    lines = text.splitlines()
    skip = fenced_lines(lines)
    in_front_matter = bool(lines) and lines[0].rstrip() == "---"
    stack: list[_OpenBlock] = []
    problems: list[BlockProblem] = []
    for i, line in enumerate(lines):
        if in_front_matter:
            if i > 0 and line.rstrip() == "---":
                in_front_matter = False
            continue
        if i in skip:
            continue
        close = BLOCK_CLOSE.match(line)
        if close:
            fence = close.group("fence")
            if stack and stack[-1].fence == fence:
                _check_headings(stack.pop(), i + 1, problems)
                continue
            outer = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].fence == fence), None)
            if outer is None:
                problems.append(BlockProblem(i + 1, f"'{fence}' closes no open block (it shows as text); remove it, or open the block it belongs to"))
                continue
            for inner in reversed(stack[outer + 1 :]):
                problems.append(
                    BlockProblem(
                        inner.line,
                        f"{_label(inner)} opened here is not closed before line {i + 1}, whose '{fence}' closes {_label(stack[outer])} "
                        f"(line {stack[outer].line}): close the inner block first with its own '{inner.fence}'",
                    )
                )
            _check_headings(stack[outer], i + 1, problems)
            del stack[outer:]
            continue
        opening = BLOCK_OPEN.match(line)
        if opening:
            stack.append(_OpenBlock(opening.group("fence"), opening.group("name"), i + 1))
            continue
        heading = _TOPIC_HEADING.match(line)
        # A `/// variant` block is resolved before rendering: whole topics may live in it.
        if heading and stack and stack[-1].name not in _TOPIC_CONTAINERS:
            stack[-1].headings.append((i + 1, line.strip()))
    for block in stack:
        swallowed = ""
        if block.headings:
            first_line, first = block.headings[0]
            more = len(block.headings) - 1
            swallowed = f"; it swallows '{first}' (line {first_line})" + (f" and {more} more topic{'s' * (more != 1)}" if more else "")
        problems.append(
            BlockProblem(
                block.line,
                f"{_label(block)} opened here is never closed: add a line '{block.fence}' where it ends, or the rest of the page becomes part of it{swallowed}",
            )
        )
    return sorted(problems, key=lambda p: p.line)


def _check_headings(block: _OpenBlock, close_line: int, problems: list[BlockProblem]) -> None:
    if block.headings:
        line, heading = block.headings[0]
        problems.append(
            BlockProblem(
                block.line,
                f"{_label(block)} opened here runs over the topic heading '{heading}' (line {line}) until line {close_line}: "
                f"close it with '{block.fence}' before the heading, or the topic and its slide disappear into the block",
            )
        )
