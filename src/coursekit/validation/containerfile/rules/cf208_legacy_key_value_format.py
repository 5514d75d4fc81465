"""CF208 LegacyKeyValueFormat."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def legacy_key_value(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("ENV", "LABEL") or instr.error or not instr.args:
            continue
        first = instr.rest_after_flags.split(None, 1)[0] if instr.rest_after_flags else ""
        if first and "=" not in first:
            yield ctx.finding(RULE, instr.start_line, instr.column, cmd=instr.cmd, key=first)


RULE = Rule(
    code="CF208",
    name="LegacyKeyValueFormat",
    kind=KIND,
    severity=W,
    message="'{cmd} key value' is the legacy format: write {cmd} {key}=value",
    rationale="Docker's LegacyKeyValueFormat: the space-separated form sets only one variable and is ambiguous with values containing spaces.",
    example="FROM alpine:3.23\nENV APP_HOME /opt/app\n",
    fixed="FROM alpine:3.23\nENV APP_HOME=/opt/app\n",
    check=legacy_key_value,
)
