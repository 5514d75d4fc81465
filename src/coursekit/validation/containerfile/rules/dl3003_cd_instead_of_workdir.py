"""DL3003 CdInsteadOfWorkdir."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    runs,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def cd_instead_of_workdir(ctx: Context) -> Iterable[Finding]:
    for instr in runs(ctx):
        if instr.json:
            continue
        for depth, words in ctx.commands(instr):
            if depth == 0 and words[0] == "cd":
                yield ctx.at(RULE, instr, "cd ")
                break


RULE = Rule(
    code="DL3003",
    name="CdInsteadOfWorkdir",
    kind=KIND,
    severity=W,
    message="RUN cd only lasts for this RUN: use WORKDIR to change directory",
    rationale="A cd in RUN does not carry over to the next instruction, which surprises readers; WORKDIR is explicit and creates the folder.",
    example="FROM alpine:3.23\nRUN cd /src && make\n",
    fixed="FROM alpine:3.23\nWORKDIR /src\nRUN make\n",
    check=cd_instead_of_workdir,
)
