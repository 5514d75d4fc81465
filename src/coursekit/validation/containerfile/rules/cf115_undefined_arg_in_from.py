"""CF115 UndefinedArgInFrom."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    BUILTIN_ARGS,
    KIND,
    Context,
    E,
    from_vars,
    global_args,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def undefined_arg_in_from(ctx: Context) -> Iterable[Finding]:
    declared = global_args(ctx)
    for stage in ctx.stages:
        for m in from_vars(stage.instr):
            name = m.group("braced") or m.group("plain")
            if name not in declared and name not in BUILTIN_ARGS and not (m.group("modifier") or "").lstrip(":").startswith("-"):
                yield ctx.at(RULE, stage.instr, m.group(0), name=name)


RULE = Rule(
    code="CF115",
    name="UndefinedArgInFrom",
    kind=KIND,
    severity=E,
    message="FROM uses ${name} but no ARG {name} is declared before the first FROM",
    rationale="An undeclared variable expands to an empty string in FROM, which gives an invalid or unintended base image.",
    scope="file",
    example="FROM alpine:${ALPINE_VERSION}\n",
    fixed="ARG ALPINE_VERSION=3.23\nFROM alpine:${ALPINE_VERSION}\n",
    check=undefined_arg_in_from,
)
