"""DL3021 CopyToNonDirectory."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    FLAGS,
    KIND,
    Context,
    E,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def copy_to_non_directory(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("COPY", "ADD") or instr.error or len(instr.args) <= 2:
            continue
        if any("=" not in f and FLAGS[instr.cmd].get(f[2:]) == "value" for f in instr.flags):
            continue  # '--from foo' shifts the arguments; InvalidFlag reports it
        dest = instr.args[-1]
        if not dest.endswith("/") and not skip_value(ctx, dest):
            yield ctx.at(RULE, instr, dest, cmd=instr.cmd)


RULE = Rule(
    code="DL3021",
    name="CopyToNonDirectory",
    kind=KIND,
    severity=E,
    message="{cmd} with several sources needs a destination folder ending with '/'",
    rationale="With more than one source the destination must be a directory written with a trailing slash; BuildKit fails otherwise.",
    example="FROM alpine:3.23\nCOPY app.py requirements.txt /app\n",
    fixed="FROM alpine:3.23\nCOPY app.py requirements.txt /app/\n",
    check=copy_to_non_directory,
)
