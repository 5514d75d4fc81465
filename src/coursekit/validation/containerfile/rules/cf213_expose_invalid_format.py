"""CF213 ExposeInvalidFormat."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def expose_invalid_format(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "EXPOSE":
            for arg in instr.args:
                if ":" in arg and "$" not in arg:
                    yield ctx.at(RULE, instr, arg, arg=arg)


RULE = Rule(
    code="CF213",
    name="ExposeInvalidFormat",
    kind=KIND,
    severity=W,
    message="EXPOSE '{arg}' includes an IP address or host port: EXPOSE documents container ports only (publish with docker run -p)",
    rationale="Docker's ExposeInvalidFormat: host mappings in EXPOSE are ignored and will be rejected.",
    example="FROM alpine:3.23\nEXPOSE 8080:80\n",
    fixed="FROM alpine:3.23\nEXPOSE 80\n",
    check=expose_invalid_format,
)
