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
    snippet_problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

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


def extract_blocks(text: str, path: str, repo_root: str | None = None) -> tuple[list[CodeBlock], list[FenceProblem]]:
    """All fenced blocks of ``text`` (a Markdown page at ``path``) and structural problems."""
    lines = text.splitlines()
    blocks: list[CodeBlock] = []
    problems: list[FenceProblem] = []
    pending: Annotation | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        am = _ANNOTATION.match(line)
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
        m = _OPEN.match(line)
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            if pending is not None and line.strip():
                problems.append(FenceProblem(pending.line, "course-check annotation is not directly above a code fence"))
                pending = None
            i += 1
            continue
        fence, indent_text = m.group("fence"), m.group("indent")
        indent = len(indent_text.expandtabs(4))
        lang, options = parse_info(m.group("info"))
        body: list[SourceLine] = []
        j = i + 1
        while j < len(lines) and not _is_close(lines[j], fence, indent):
            raw = lines[j]
            strip = 0
            while strip < len(indent_text) and strip < len(raw) and raw[strip] in " \t":
                strip += 1
            body.append(SourceLine(raw[strip:], path, j + 1, strip))
            j += 1
        if j >= len(lines):
            problems.append(FenceProblem(i + 1, f"code fence '{fence}' opened here is never closed (a closing '{fence}' is missing)"))
            pending = None
            break
        block = CodeBlock(path, i + 1, indent, lang, options, body, pending)
        if repo_root is not None:
            _expand_snippets(block, repo_root)
        blocks.append(block)
        pending = None
        i = j + 1
    if pending is not None:
        problems.append(FenceProblem(pending.line, "course-check annotation is not directly above a code fence"))
    return blocks, problems


def resolve_snippet(target: str, repo_root: str) -> tuple[str | None, str]:
    """Absolute path of a snippet target inside ``repo_root``, or (None, reason)."""
    name = target.split(":")[0] if re.search(r":\d+(:\d+)?$", target) else target
    if os.path.isabs(name):
        return None, f"snippet '{target}' uses an absolute path; use a path relative to the repository"
    root = os.path.realpath(repo_root)
    full = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([full, root]) != root:
        return None, f"snippet '{target}' points outside the repository"
    if not os.path.isfile(full):
        return None, f"snippet file '{name}' does not exist"
    return full, ""


def _expand_snippets(block: CodeBlock, repo_root: str) -> None:
    expanded: list[SourceLine] = []
    for src in block.lines:
        m = _SNIPPET.match(src.text)
        if not m:
            expanded.append(src)
            continue
        target = m.group("target")
        full, reason = resolve_snippet(target, repo_root)
        if full is None:
            block.snippet_problems.append((src.line, reason))
            continue
        rng = re.search(r":(\d+)(?::(\d+))?$", target)
        with open(full, encoding="utf-8", errors="replace") as fh:
            included = fh.read().splitlines()
        start, end = 1, len(included)
        if rng:
            start = int(rng.group(1))
            end = int(rng.group(2)) if rng.group(2) else start
        rel = os.path.relpath(full, os.path.realpath(repo_root)).replace(os.sep, "/")
        for n in range(start, min(end, len(included)) + 1):
            expanded.append(SourceLine(included[n - 1], rel, n, 0))
    block.lines = expanded


# ---------------------------------------------------------------------------
# ``/// name`` blocks (pymdownx.blocks and the course's own: notes, columns, hint,
# solution, exercises, demo, agenda, ...).  pymdownx closes a block only at a line of
# exactly as many slashes as opened it; an unclosed block silently swallows the rest
# of the page (its slides, its exercises).

_BLOCK_OPEN = re.compile(r"^[ \t]*(?P<fence>/{3,})[ ]*(?P<name>[\w-]+)[ ]*(?:\|.*)?$")
_BLOCK_CLOSE = re.compile(r"^[ \t]*(?P<fence>/{3,})[ \t]*$")
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
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            i += 1
            continue
        fence, indent = m.group("fence"), len(m.group("indent").expandtabs(4))
        j = i + 1
        while j < len(lines) and not _is_close(lines[j], fence, indent):
            j += 1
        inside.update(range(i, min(j, len(lines) - 1) + 1))
        i = j + 1
    return inside


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
        close = _BLOCK_CLOSE.match(line)
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
        opening = _BLOCK_OPEN.match(line)
        if opening:
            stack.append(_OpenBlock(opening.group("fence"), opening.group("name"), i + 1))
            continue
        heading = _TOPIC_HEADING.match(line)
        if heading and stack:
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
                f"{_label(block)} opened here is never closed: add a line '{block.fence}' where it ends, or the rest of the page "
                f"becomes part of it{swallowed}",
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
