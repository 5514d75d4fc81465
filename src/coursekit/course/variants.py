"""``/// variant | NAME ...`` blocks: text that only some course variants show.

The home page says what the course covers; a half-day overview must not promise
Compose and SonarQube.  Authors wrap such text (or whole topics of a module page)
in a block naming the variants that keep it::

    /// variant | full-day two-day
    The day ends with two wrap-up labs ...
    ///

    /// variant | not half-day
    Topics every variant shows except the half-day overview ...
    ///

A build of another variant drops the block with its content; a build of a named
variant keeps the content without the block lines.  Lines are blanked, not
removed, so later hooks still report errors at the right source line.  Exercises
are dropped from a variant in the manifest (``exclude_exercises``), never by
hiding their ``/// exercises`` card: a dropped block may only hold cards whose
exercises the variant excludes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.course.manifest import _suggest
from coursekit.errors import SourceError
from coursekit.markdown.blocks import BLOCK_CLOSE, BLOCK_OPEN, fenced_lines

_OPEN = re.compile(r"^[ \t]*(?P<fence>/{3,})[ ]*variant[ ]*(?:\|(?P<names>.*))?$")
_ASSIGN = re.compile(r"^[ \t]*/{3,}[ ]*(?:exercises|demo)\b")
_ITEM = re.compile(r"^\s*[-*]\s+([A-Za-z0-9_.-]+)\s*$")


def filter_variants(markdown: str, variant: str, known: Iterable[str], shown_path: str, line_offset: int = 0, excluded: Iterable[str] = ()) -> str:
    """``markdown`` with the ``/// variant`` blocks resolved for ``variant``.

    ``known`` are the manifest's variant names (a block naming another is an error);
    ``line_offset`` is the number of front-matter lines before ``markdown`` (for
    error lines); ``excluded`` are the exercise ids this variant excludes.
    """
    if "variant" not in markdown:
        return markdown
    known = list(known)
    excluded = set(excluded)
    lines = markdown.split("\n")
    skip = fenced_lines(lines)
    i = 0
    while i < len(lines):
        m = None if i in skip else _OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        where = i + 1 + line_offset
        names = (m.group("names") or "").split()
        # `/// variant | not half-day`: every variant but the named ones (new variants keep the text).
        negated = bool(names) and names[0] == "not"
        if negated:
            names = names[1:]
        if not names:
            raise SourceError(
                "'/// variant' needs the variants that show its content: '/// variant | full-day' (or all but some: '/// variant | not half-day')",
                shown_path,
                where,
            )
        for name in names:
            if name not in known:
                raise SourceError(
                    f"'/// variant' names unknown course variant '{name}'{_suggest(name, dict.fromkeys(known))} (known: {', '.join(known)})", shown_path, where
                )
        end = _matching_close(lines, i, m.group("fence"), skip)
        if end is None:
            raise SourceError(f"'{m.group('fence')} variant' opened here is never closed (a closing '{m.group('fence')}' is missing)", shown_path, where)
        keep = (variant in names) != negated
        if not keep:
            _check_dropped_cards(lines[i + 1 : end], i + 2 + line_offset, excluded, variant, shown_path)
        lines[i] = lines[end] = ""
        if not keep:
            for k in range(i + 1, end):
                lines[k] = ""
            i = end + 1
        else:
            i += 1  # nested variant blocks inside are resolved too
    return "\n".join(lines)


def _matching_close(lines: list[str], start: int, fence: str, skip: set[int]) -> int | None:
    """Index of the line closing the block opened at ``start`` (inner blocks nest as a stack)."""
    stack: list[str] = []
    for k in range(start + 1, len(lines)):
        if k in skip:
            continue
        close = BLOCK_CLOSE.match(lines[k])
        if close:
            if stack and stack[-1] == close.group("fence"):
                stack.pop()
            elif not stack and close.group("fence") == fence:
                return k
            continue
        opening = BLOCK_OPEN.match(lines[k])
        if opening:
            stack.append(opening.group("fence"))
    return None


def _check_dropped_cards(body: list[str], first_line: int, excluded: set[str], variant: str, shown_path: str) -> None:
    inside = False
    for k, line in enumerate(body):
        if _ASSIGN.match(line):
            inside = True
            continue
        if inside and BLOCK_CLOSE.match(line):
            inside = False
            continue
        item = _ITEM.match(line) if inside else None
        if item and item.group(1) not in excluded:
            raise SourceError(
                f"exercise '{item.group(1)}' is assigned inside a '/// variant' block that variant '{variant}' drops: "
                f"list it under 'exclude_exercises' of '{variant}' in mkdocs.yml (a hidden card would leave it in the book)",
                shown_path,
                first_line + k,
            )
