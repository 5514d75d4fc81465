"""CF203 FromAsCasing."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def from_as_casing(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        args = stage.instr.args
        if len(args) == 3 and args[1].lower() == "as":
            kw, as_word = stage.instr.keyword, args[1]
            if (kw.isupper() and not as_word.isupper()) or (kw.islower() and not as_word.islower()):
                yield ctx.at(RULE, stage.instr, f" {as_word} ", as_word=as_word, from_word=kw)


RULE = Rule(
    code="CF203",
    name="FromAsCasing",
    kind=KIND,
    severity=W,
    message="'{as_word}' should match the case of '{from_word}'",
    rationale="Docker's FromAsCasing: FROM and AS in different cases look like a typo.",
    example="FROM alpine:3.23 as build\nRUN echo built > /out\n",
    fixed="FROM alpine:3.23 AS build\nRUN echo built > /out\n",
    check=from_as_casing,
)
