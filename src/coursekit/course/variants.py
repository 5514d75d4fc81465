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

from collections.abc import Iterable

from coursekit.course.manifest import _suggest, assignments_of
from coursekit.errors import SourceError
from coursekit.markdown.scanner import may_have_blocks, scan


def filter_variants(markdown: str, variant: str, known: Iterable[str], shown_path: str, line_offset: int = 0, excluded: Iterable[str] = ()) -> str:
    """``markdown`` with the ``/// variant`` blocks resolved for ``variant``.

    ``known`` are the manifest's variant names (a block naming another is an error);
    ``line_offset`` is the number of front-matter lines before ``markdown`` (for
    error lines); ``excluded`` are the exercise ids this variant excludes.
    """
    if not may_have_blocks(markdown, "variant"):
        return markdown
    known = list(known)
    excluded = set(excluded)
    page = scan(markdown, front_matter=False)
    lines = markdown.split("\n")
    dropped: set[int] = set()
    for block in page.blocks_named("variant"):
        if block.open in dropped:
            continue  # inside a variant block this variant drops
        where = block.open + 1 + line_offset
        names = block.argument.split()
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
        if block.close is None:
            raise SourceError(f"'{block.fence} variant' opened here is never closed (a closing '{block.fence}' is missing)", shown_path, where)
        keep = (variant in names) != negated
        if not keep:
            _check_dropped_cards(page, range(block.open + 1, block.close), line_offset, excluded, variant, shown_path)
            dropped.update(range(block.open, block.close + 1))
        else:
            dropped.update((block.open, block.close))  # nested variant blocks inside are resolved too
    for k in dropped:
        lines[k] = ""
    return "\n".join(lines)


def _check_dropped_cards(page, inside: range, line_offset: int, excluded: set[str], variant: str, shown_path: str) -> None:
    for a in assignments_of(page, inside):
        if a.exercise_id not in excluded:
            raise SourceError(
                f"exercise '{a.exercise_id}' is assigned inside a '/// variant' block that variant '{variant}' drops: "
                f"list it under 'exclude_exercises' of '{variant}' in mkdocs.yml (a hidden card would leave it in the book)",
                shown_path,
                a.line + line_offset,
            )
