"""CF101 InvalidParserDirective."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def invalid_parser_directive(ctx: Context) -> Iterable[Finding]:
    for p in ctx.parsed.problems:
        if p.kind == "directive":
            yield ctx.finding(RULE, p.line, p.column, detail=p.message)


RULE = Rule(
    code="CF101",
    name="InvalidParserDirective",
    kind=KIND,
    severity=E,
    message="{detail}",
    rationale="A wrong # escape= or # check= directive changes how the whole file is read, or is rejected by BuildKit before the build starts.",
    example="# escape=x\nFROM alpine:3.23\nRUN echo hi\n",
    fixed="# escape=`\nFROM alpine:3.23\nRUN echo hi\n",
    check=invalid_parser_directive,
)
