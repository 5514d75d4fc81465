"""CF105 InvalidChmod."""

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

_OCTAL = re.compile(r"^[0-7]{1,4}$")


_SYMBOLIC = re.compile(r"^[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*$")


def invalid_chmod(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("COPY", "ADD") or instr.error:
            continue
        value = flag(instr, "chmod")
        if not value or skip_value(ctx, value):
            continue
        if not (_OCTAL.match(value) or _SYMBOLIC.match(value)):
            yield ctx.at(RULE, instr, "--chmod", value=value)


RULE = Rule(
    code="CF105",
    name="InvalidChmod",
    kind=KIND,
    severity=E,
    message="invalid --chmod value '{value}': use an octal mode such as 0755 (or a symbolic one such as u+x)",
    rationale="BuildKit only accepts octal modes up to 07777 (and symbolic modes in recent frontends); anything else fails the build.",
    example="FROM alpine:3.23\nCOPY --chmod=999 run.sh /run.sh\n",
    fixed="FROM alpine:3.23\nCOPY --chmod=0755 run.sh /run.sh\n",
    check=invalid_chmod,
)
