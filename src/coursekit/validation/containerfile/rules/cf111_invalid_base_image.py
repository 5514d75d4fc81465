"""CF111 InvalidBaseImage."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    reference_problem,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def invalid_base_image(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        ref = stage.base
        if not ref or skip_value(ctx, ref) or ref.lower() in ctx.stage_names or ref == "scratch":
            continue
        problem = reference_problem(ref)
        if problem:
            yield ctx.at(RULE, stage.instr, ref, ref=ref, problem=problem)


RULE = Rule(
    code="CF111",
    name="InvalidBaseImage",
    kind=KIND,
    severity=E,
    message="'{ref}' is not a valid image reference ({problem})",
    rationale="docker build fails with 'invalid reference format' for upper-case repository names, spaces or a bad tag.",
    example="FROM Ubuntu:24.04\n",
    fixed="FROM ubuntu:24.04\n",
    check=invalid_base_image,
)
