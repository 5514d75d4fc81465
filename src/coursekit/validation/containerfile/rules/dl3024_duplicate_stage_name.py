"""DL3024 DuplicateStageName."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    Stage,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def duplicate_stage_name(ctx: Context) -> Iterable[Finding]:
    first: dict[str, Stage] = {}
    for stage in ctx.stages:
        if not stage.name:
            continue
        if stage.name in first:
            line = ctx.artifact.position(first[stage.name].instr.start_line)[1]
            yield ctx.at(RULE, stage.instr, stage.name_raw, name=stage.name_raw, first_line=line)
        else:
            first[stage.name] = stage


RULE = Rule(
    code="DL3024",
    name="DuplicateStageName",
    kind=KIND,
    severity=E,
    message="duplicate stage name '{name}' (first defined on line {first_line})",
    rationale="Stage names must be unique; BuildKit refuses a second stage with the same name.",
    scope="file",
    example="FROM alpine:3.23 AS build\nRUN echo built > /out\nFROM alpine:3.23 AS build\nCOPY --from=build /out /app/\n",
    fixed="FROM alpine:3.23 AS build\nRUN echo built > /out\nFROM alpine:3.23 AS final\nCOPY --from=build /out /app/\n",
    check=duplicate_stage_name,
)
