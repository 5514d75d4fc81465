"""CF210 RedundantTargetPlatform."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    flag,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def redundant_target_platform(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if flag(stage.instr, "platform") in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            yield ctx.at(RULE, stage.instr, "--platform")


RULE = Rule(
    code="CF210",
    name="RedundantTargetPlatform",
    kind=KIND,
    severity=W,
    message="--platform=$TARGETPLATFORM is the default: drop it",
    rationale="Docker's RedundantTargetPlatform: it adds noise and suggests a cross-build that does not happen.",
    example="FROM --platform=$TARGETPLATFORM alpine:3.23\n",
    fixed="FROM alpine:3.23\n",
    check=redundant_target_platform,
)
