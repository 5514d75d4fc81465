"""CF211 FromPlatformFlagConstDisallowed."""

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


def from_platform_const(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        value = flag(stage.instr, "platform")
        if value and "$" not in value and stage.name != value.replace("/", "-"):
            yield ctx.at(RULE, stage.instr, "--platform", value=value)


RULE = Rule(
    code="CF211",
    name="FromPlatformFlagConstDisallowed",
    kind=KIND,
    severity=W,
    message="FROM --platform={value} pins the platform: use $BUILDPLATFORM or $TARGETPLATFORM, or leave it out",
    rationale="Docker's FromPlatformFlagConstDisallowed: a constant platform breaks multi-platform builds and runs emulated elsewhere.",
    example="FROM --platform=linux/amd64 alpine:3.23\n",
    fixed="FROM alpine:3.23\n",
    check=from_platform_const,
)
