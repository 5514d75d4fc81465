"""CF108 MissingFrom."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def missing_from(ctx: Context) -> Iterable[Finding]:
    if not ctx.stages:
        first = ctx.parsed.instructions[0] if ctx.parsed.instructions else None
        yield ctx.finding(RULE, first.start_line if first else 1, first.column if first else 1)


RULE = Rule(
    code="CF108",
    name="MissingFrom",
    kind=KIND,
    severity=E,
    message="no FROM instruction: a Containerfile starts its build stage with FROM (mark a partial example <!-- course-check: fragment -->)",
    rationale="A recipe without FROM does not build; partial examples must say so, so that nobody copies them as a complete file.",
    scope="file",
    example="WORKDIR /app\nCOPY app.py .\n",
    fixed="FROM alpine:3.23\nWORKDIR /app\nCOPY app.py .\n",
    check=missing_from,
)
