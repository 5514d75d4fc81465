"""CF206 WorkdirRelativePath."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def workdir_relative_path(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        for instr in stage.instructions:
            if instr.cmd != "WORKDIR" or len(instr.args) != 1:
                continue
            path = instr.args[0].strip("\"'")
            if skip_value(ctx, path) or path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path) or path.startswith("\\"):
                break
            yield ctx.at(RULE, instr, path, path=path)
            break


RULE = Rule(
    code="CF206",
    name="WorkdirRelativePath",
    kind=KIND,
    severity=W,
    message="relative WORKDIR '{path}' depends on the base image's working directory: use an absolute path",
    rationale="Docker's WorkdirRelativePath: a relative WORKDIR resolves against whatever the base image set.",
    scope="file",
    example="FROM alpine:3.23\nWORKDIR app\nCOPY app.py .\n",
    fixed="FROM alpine:3.23\nWORKDIR /app\nCOPY app.py .\n",
    check=workdir_relative_path,
)
