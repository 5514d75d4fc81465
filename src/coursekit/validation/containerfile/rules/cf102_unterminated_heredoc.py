"""CF102 UnterminatedHeredoc."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def unterminated_heredoc(ctx: Context) -> Iterable[Finding]:
    for p in ctx.parsed.problems:
        if p.kind == "heredoc":
            yield ctx.finding(RULE, p.line, p.column, detail=p.message)


RULE = Rule(
    code="CF102",
    name="UnterminatedHeredoc",
    kind=KIND,
    severity=E,
    message="{detail}",
    rationale="A heredoc without its terminator line swallows the rest of the file; BuildKit fails with 'unterminated heredoc'.",
    example="FROM alpine:3.23\nRUN <<EOF\nset -e\napk add --no-cache curl\n",
    fixed="FROM alpine:3.23\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\n",
    check=unterminated_heredoc,
)
