"""CF204 StageNameCasing."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def stage_name_casing(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if stage.name_raw and stage.name_raw != stage.name_raw.lower() and not skip_value(ctx, stage.name_raw):
            yield ctx.at(RULE, stage.instr, stage.name_raw, name=stage.name_raw)


RULE = Rule(
    code="CF204",
    name="StageNameCasing",
    kind=KIND,
    severity=W,
    message="stage name '{name}' should be lower case",
    rationale="Docker's StageNameCasing: stage names are case-insensitive; lower case avoids look-alike names.",
    example="FROM alpine:3.23 AS Build\nRUN echo built > /out\n",
    fixed="FROM alpine:3.23 AS build\nRUN echo built > /out\n",
    check=stage_name_casing,
)
