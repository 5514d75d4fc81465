"""CF113 ShellRequiresJSON."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def shell_requires_json(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "SHELL" and instr.args and not instr.json and not instr.rest_after_flags.startswith("["):
            yield ctx.finding(RULE, instr.start_line, instr.column)


RULE = Rule(
    code="CF113",
    name="ShellRequiresJSON",
    kind=KIND,
    severity=E,
    message='SHELL must be written in JSON form, e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    rationale="BuildKit rejects SHELL in shell form.",
    example="FROM alpine:3.23\nSHELL /bin/sh -eux -c\n",
    fixed='FROM alpine:3.23\nSHELL ["/bin/sh", "-eux", "-c"]\n',
    check=shell_requires_json,
)
