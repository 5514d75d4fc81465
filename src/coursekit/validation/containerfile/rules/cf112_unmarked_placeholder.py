"""CF112 UnmarkedPlaceholder."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    PLACEHOLDER,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def unmarked_placeholder(ctx: Context) -> Iterable[Finding]:
    if ctx.placeholders:
        return
    for instr in ctx.all_instructions():
        if instr.cmd in ("RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK", "ONBUILD") or not instr.known:
            continue
        rest = instr.rest
        for m in PLACEHOLDER.finditer(rest):
            if "@" in m.group(0):
                continue  # an e-mail address: "Team <team@example.org>"
            yield ctx.at(RULE, instr, m.group(0), token=m.group(0))
            break


RULE = Rule(
    code="CF112",
    name="UnmarkedPlaceholder",
    kind=KIND,
    severity=E,
    message="'{token}' looks like a placeholder: use a real value, or mark the block <!-- course-check: placeholders -->",
    rationale="A syntax illustration copied as a recipe fails in confusing ways; marking it keeps real recipes real.",
    example="FROM alpine:3.23\nCOPY <src> <dest>\n",
    fixed="FROM alpine:3.23\nCOPY app.py /app/\n",
    check=unmarked_placeholder,
)
