"""Fenced code blocks of a Markdown page, with every line mapped to its real source.

Handles backtick and tilde fences, longer fences enclosing shorter ones, fences
indented inside lists and admonitions, the annotation comment above a fence and
``pymdownx.snippets`` includes (``--8<-- "path"``), whose lines keep the path and
line numbers of the included file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from coursekit.markdown.scanner import Block, Kind, Page, scan, strip_quote_markers
from coursekit.shell_words import raw_words, unquote

ANNOTATION = re.compile(r"^[ \t]*<!--\s*course-check:\s*(?P<body>.*?)\s*-->[ \t]*$")
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
    code: str  # CK001 (unclosed fence) or CK002 (misplaced annotation)


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
    tokens = [unquote(word) for word in raw_words(body)]
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


def extract_blocks(text: str, path: str, repo_root: str | None = None) -> tuple[list[CodeBlock], list[FenceProblem]]:
    """All fenced blocks of ``text`` (a Markdown page at ``path``) that render as code blocks, and
    structural problems.  A fence inside an HTML comment or a four-space-indented one outside any
    list or admonition (an indented code block) is not a code block and is skipped."""
    page = scan(text)
    blocks: list[CodeBlock] = []
    problems: list[FenceProblem] = []
    pending: Annotation | None = None
    i = 0
    while i < len(page.lines):
        line = page.lines[i]
        am = ANNOTATION.match(line.text) if line.kind is not Kind.FENCE_OPEN else None
        if am:
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
        f = line.fence if line.kind is Kind.FENCE_OPEN else None
        if f is None:
            if pending is not None and line.text.strip():
                problems.append(FenceProblem(pending.line, "course-check annotation is not directly above a code fence", "CK002"))
                pending = None
            i += 1
            continue
        if f.close is None:
            if f.shown:
                problems.append(FenceProblem(i + 1, f"code fence '{f.fence}' opened here is never closed (a closing '{f.fence}' is missing)", "CK001"))
            pending = None
            break
        depth = f.quote.count(">")
        if not f.shown:
            if pending is not None:
                problems.append(FenceProblem(pending.line, "course-check annotation is above a fence that does not render as a code block", "CK002"))
            pending = None
            i = f.close + 1
            continue
        indent = len(f.indent_text.expandtabs(4))
        lang, options = parse_info(f.info)
        body: list[SourceLine] = []
        for j in range(i + 1, f.close):
            raw, taken = strip_quote_markers(page.lines[j].text, depth) if depth else (page.lines[j].text, 0)
            strip = 0
            while strip < len(f.indent_text) and strip < len(raw) and raw[strip] in " \t":
                strip += 1
            body.append(SourceLine(raw[strip:], path, j + 1, taken + strip))
        block = CodeBlock(path, i + 1, indent, lang, options, body, pending)
        if repo_root is not None:
            _expand_snippets(block, page, repo_root)
        blocks.append(block)
        pending = None
        i = f.close + 1
    if pending is not None:
        problems.append(FenceProblem(pending.line, "course-check annotation is not directly above a code fence", "CK002"))
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


def _select_ranges(spec: str, count: int, final_break: bool) -> tuple[list[int], str]:
    """0-based line indexes a ``:1:5,9:`` spec selects from ``count`` lines (pymdownx's slicing), or a problem.

    pymdownx splits a file that ends with a line break (``final_break``) into one more (empty)
    line; negative positions count from that one, so the slicing uses it and then leaves it out."""
    real, count = count, count + final_break
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
    text = text.removeprefix("\ufeff")
    lines = _file_lines(text)
    if ranges:
        chosen, problem = _select_ranges(ranges, len(lines), text.endswith(("\n", "\r")))
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


def _expand_snippets(block: CodeBlock, page: Page, repo_root: str) -> None:
    """Replace the block's snippet lines (as :mod:`~coursekit.markdown.scanner` finds them) by the
    lines they include, each with its real file and line."""
    expanded: list[SourceLine] = []
    in_block_form = False
    for src in block.lines:
        line = page.lines[src.line - 1]
        if line.snippet_marker:
            in_block_form = not in_block_form  # the marker lines themselves are not shown
            continue
        if line.snippet is None:
            if not in_block_form:
                expanded.append(src)
            elif not src.text.strip():
                expanded.append(SourceLine("", src.path, src.line, src.column_offset))
            continue  # a ';' line of the block form is a comment
        target = line.snippet
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
        block.snippet_problems.append(("", block.fence_line, "CK004", "a '--8<--' block of snippet file names is never closed by a second '--8<--' line"))
    block.lines = expanded


# ---------------------------------------------------------------------------
# ``/// name`` blocks (pymdownx.blocks and the course's own: notes, columns, hint,
# solution, exercises, demo, agenda, ...).  pymdownx closes a block only at a line of
# exactly as many slashes as opened it; an unclosed block silently swallows the rest
# of the page (its slides, its exercises).


@dataclass
class BlockProblem:
    line: int  # 1-based: the opening line of the block at fault (a stray close: its own line)
    message: str


#: Blocks resolved before rendering: whole topics may live in them.
_TOPIC_CONTAINERS = frozenset({"variant"})


def _label(block: Block) -> str:
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
    page = scan(text)
    problems: list[BlockProblem] = []
    topics: dict[int, list[tuple[int, str]]] = {}  # block opening line -> the topic headings in it
    stack: list[Block] = []
    for line in page.lines:
        if line.kind is Kind.BLOCK_OPEN:
            stack.append(line.block)
        elif line.kind is Kind.BLOCK_CLOSE and line.block is None:
            problems.append(
                BlockProblem(line.number, f"'{line.text.strip()}' closes no open block (it shows as text); remove it, or open the block it belongs to")
            )
        elif line.kind is Kind.BLOCK_CLOSE:
            while stack and stack.pop().open != line.block.open:
                pass
        elif line.kind is Kind.HEADING and line.heading.level <= 2 and line.heading.text and stack and stack[-1].name not in _TOPIC_CONTAINERS:
            topics.setdefault(stack[-1].open, []).append((line.number, line.text.strip()))
    for block in page.blocks:
        headings = topics.get(block.open, [])
        if block.close is None:
            swallowed = ""
            if headings:
                first_line, first = headings[0]
                more = len(headings) - 1
                swallowed = f"; it swallows '{first}' (line {first_line})" + (f" and {more} more topic{'s' * (more != 1)}" if more else "")
            problems.append(
                BlockProblem(
                    block.open + 1,
                    f"{_label(block)} opened here is never closed: add a line '{block.fence}' where it ends, or the rest of the page becomes part of it{swallowed}",
                )
            )
        elif block.closed_by_outer:
            outer = page.lines[block.close].block
            problems.append(
                BlockProblem(
                    block.open + 1,
                    f"{_label(block)} opened here is not closed before line {block.close + 1}, whose '{outer.fence}' closes {_label(outer)} "
                    f"(line {outer.open + 1}): close the inner block first with its own '{block.fence}'",
                )
            )
        elif headings:
            line, heading = headings[0]
            problems.append(
                BlockProblem(
                    block.open + 1,
                    f"{_label(block)} opened here runs over the topic heading '{heading}' (line {line}) until line {block.close + 1}: "
                    f"close it with '{block.fence}' before the heading, or the topic and its slide disappear into the block",
                )
            )
    return sorted(problems, key=lambda p: p.line)
