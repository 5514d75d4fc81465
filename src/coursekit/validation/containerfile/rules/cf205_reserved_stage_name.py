"""CF205 ReservedStageName."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def reserved_stage_name(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if stage.name in ("scratch", "context"):
            yield ctx.at(RULE, stage.instr, stage.name_raw, name=stage.name_raw)


RULE = Rule(
    code="CF205",
    name="ReservedStageName",
    kind=KIND,
    severity=W,
    message="'{name}' is reserved and cannot be used as a stage name",
    rationale="Docker's ReservedStageName: 'scratch' and 'context' have special meanings in FROM and --from.",
    example="FROM alpine:3.23 AS scratch\nRUN echo built > /out\n",
    fixed="FROM alpine:3.23 AS base\nRUN echo built > /out\n",
    check=reserved_stage_name,
)
