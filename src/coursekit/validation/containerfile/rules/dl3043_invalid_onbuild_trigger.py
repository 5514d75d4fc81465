"""DL3043 InvalidOnbuildTrigger."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def invalid_onbuild_trigger(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.parsed.instructions:
        if instr.cmd == "ONBUILD" and instr.sub_cmd and instr.sub_cmd.upper() in ("ONBUILD", "FROM", "MAINTAINER"):
            yield ctx.at(RULE, instr, instr.sub_cmd, trigger=instr.sub_cmd.upper())


RULE = Rule(
    code="DL3043",
    name="InvalidOnbuildTrigger",
    kind=KIND,
    severity=E,
    message="ONBUILD {trigger} is not allowed: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
    rationale="BuildKit rejects these triggers.",
    example="FROM alpine:3.23\nONBUILD FROM alpine:3.23\n",
    fixed="FROM alpine:3.23\nONBUILD COPY . /app/\n",
    check=invalid_onbuild_trigger,
)
