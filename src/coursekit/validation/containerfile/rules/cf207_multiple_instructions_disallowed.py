"""CF207 MultipleInstructionsDisallowed."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def multiple_instructions(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        for cmd in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            found = [i for i in stage.instructions if i.cmd == cmd]
            for instr in found[:-1]:
                yield ctx.finding(RULE, instr.start_line, instr.column, cmd=cmd, last_line=ctx.artifact.position(found[-1].start_line)[1])


RULE = Rule(
    code="CF207",
    name="MultipleInstructionsDisallowed",
    kind=KIND,
    severity=W,
    message="more than one {cmd} in this stage: only the last one (line {last_line}) takes effect",
    rationale="Docker's MultipleInstructionsDisallowed: earlier CMD/ENTRYPOINT/HEALTHCHECK instructions are silently overridden.",
    scope="file",
    example='FROM alpine:3.23\nCMD ["sh"]\nCMD ["httpd", "-f"]\n',
    fixed='FROM alpine:3.23\nCMD ["httpd", "-f"]\n',
    check=multiple_instructions,
)
