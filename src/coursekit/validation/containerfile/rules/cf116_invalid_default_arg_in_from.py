"""CF116 InvalidDefaultArgInFrom."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    from_vars,
    global_args,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def invalid_default_arg_in_from(ctx: Context) -> Iterable[Finding]:
    declared = global_args(ctx)
    for stage in ctx.stages:
        for m in from_vars(stage.instr):
            name = m.group("braced") or m.group("plain")
            if name in declared and declared[name] in (None, "") and not m.group("modifier"):
                yield ctx.at(RULE, stage.instr, m.group(0), name=name)


RULE = Rule(
    code="CF116",
    name="InvalidDefaultArgInFrom",
    kind=KIND,
    severity=W,
    message="ARG {name} has no default, so FROM gets an empty value unless --build-arg {name}=... is given",
    rationale="Docker's InvalidDefaultArgInFrom: a base image that only works with a build argument breaks a plain docker build.",
    scope="file",
    example="ARG ALPINE_VERSION\nFROM alpine:${ALPINE_VERSION}\n",
    fixed="ARG ALPINE_VERSION=3.23\nFROM alpine:${ALPINE_VERSION}\n",
    check=invalid_default_arg_in_from,
)
