"""DL3023 CopyFromOwnStage."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    flag,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def copy_from_own_stage(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        for instr in stage.instructions:
            src = flag(instr, "from") if instr.cmd == "COPY" else None
            if src and stage.name and src.lower() == stage.name:
                yield ctx.at(RULE, instr, "--from", name=src)


RULE = Rule(
    code="DL3023",
    name="CopyFromOwnStage",
    kind=KIND,
    severity=E,
    message="COPY --from={name} names the stage it is in",
    rationale="A stage cannot copy from itself; BuildKit reports a circular dependency.",
    scope="file",
    example="FROM alpine:3.23 AS build\nRUN echo built > /out\nCOPY --from=build /out /app/\n",
    fixed="FROM alpine:3.23 AS build\nRUN echo built > /out\nFROM alpine:3.23\nCOPY --from=build /out /app/\n",
    check=copy_from_own_stage,
)
