"""CF106 InvalidHealthcheck."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    flag,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_DURATION = re.compile(r"^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$")


def invalid_healthcheck(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd != "HEALTHCHECK" or instr.error or not instr.args:
            continue
        for key in ("interval", "timeout", "start-period", "start-interval"):
            value = flag(instr, key)
            if value and not skip_value(ctx, value) and value != "0" and not _DURATION.match(value):
                unit = " (missing unit: write 30s, 1m30s, 500ms)" if re.fullmatch(r"\d+(\.\d+)?", value) else ""
                yield ctx.at(RULE, instr, f"--{key}", detail=f"--{key}={value} is not a duration{unit}")
        retries = flag(instr, "retries")
        if retries and not skip_value(ctx, retries) and not re.fullmatch(r"\d+", retries):
            yield ctx.at(RULE, instr, "--retries", detail=f"--retries={retries} must be a whole number >= 0")
        kind = instr.args[0].upper()
        if kind == "NONE":
            if len(instr.args) > 1 or instr.flags:
                yield ctx.at(RULE, instr, None, detail="HEALTHCHECK NONE takes no arguments or flags")
        elif kind != "CMD":
            yield ctx.at(
                RULE, instr, instr.args[0], detail=f"unknown HEALTHCHECK type '{instr.args[0]}' (use HEALTHCHECK [flags] CMD <command> or HEALTHCHECK NONE)"
            )
        elif len(instr.args) == 1:
            yield ctx.at(RULE, instr, None, detail="HEALTHCHECK CMD needs a command")


RULE = Rule(
    code="CF106",
    name="InvalidHealthcheck",
    kind=KIND,
    severity=E,
    message="{detail}",
    rationale="BuildKit rejects HEALTHCHECK durations without a unit (--interval=5), negative retries, unknown types and NONE with arguments.",
    example="FROM alpine:3.23\nHEALTHCHECK --interval=30 CMD wget -q -O /dev/null http://localhost/ || exit 1\n",
    fixed="FROM alpine:3.23\nHEALTHCHECK --interval=30s CMD wget -q -O /dev/null http://localhost/ || exit 1\n",
    check=invalid_healthcheck,
)
