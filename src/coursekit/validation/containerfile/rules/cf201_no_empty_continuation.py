"""CF201 NoEmptyContinuation."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def no_empty_continuation(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.parsed.instructions:
        for line in instr.empty_continuation_lines:
            yield ctx.finding(RULE, line, 1)


RULE = Rule(
    code="CF201",
    name="NoEmptyContinuation",
    kind=KIND,
    severity=W,
    message="empty line inside a continued instruction (Docker will make this an error)",
    rationale="Docker's NoEmptyContinuation: empty continuation lines are deprecated and hide where an instruction ends.",
    example="FROM alpine:3.23\nRUN apk add --no-cache \\\n\n    curl\n",
    fixed="FROM alpine:3.23\nRUN apk add --no-cache \\\n    curl\n",
    check=no_empty_continuation,
)
