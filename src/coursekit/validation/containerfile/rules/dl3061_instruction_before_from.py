"""DL3061 InstructionBeforeFrom."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def instruction_before_from(ctx: Context) -> Iterable[Finding]:
    if not ctx.stages:
        return
    for instr in ctx.preamble:
        if instr.known and instr.cmd != "ARG":
            yield ctx.finding(RULE, instr.start_line, instr.column, cmd=instr.cmd)


RULE = Rule(
    code="DL3061",
    name="InstructionBeforeFrom",
    kind=KIND,
    severity=E,
    message="{cmd} before the first FROM: only ARG may come before FROM",
    rationale="BuildKit fails with 'no build stage in current context' when anything but ARG precedes the first FROM.",
    scope="file",
    example="RUN apk add --no-cache curl\nFROM alpine:3.23\n",
    fixed="FROM alpine:3.23\nRUN apk add --no-cache curl\n",
    check=instruction_before_from,
)
