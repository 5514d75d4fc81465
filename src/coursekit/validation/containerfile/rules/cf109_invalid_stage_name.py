"""CF109 InvalidStageName."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_STAGE_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")


def invalid_stage_name(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if stage.name_raw and not skip_value(ctx, stage.name_raw) and not _STAGE_NAME.match(stage.name):
            yield ctx.at(RULE, stage.instr, stage.name_raw, name=stage.name_raw)


RULE = Rule(
    code="CF109",
    name="InvalidStageName",
    kind=KIND,
    severity=E,
    message="invalid stage name '{name}': start with a letter, then letters, digits, '-', '_' or '.'",
    rationale="BuildKit rejects stage names that start with a digit or contain other symbols.",
    example="FROM alpine:3.23 AS 1st\nRUN echo built > /out\n",
    fixed="FROM alpine:3.23 AS first\nRUN echo built > /out\n",
    check=invalid_stage_name,
)
