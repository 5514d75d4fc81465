"""CF202 ConsistentInstructionCasing."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def consistent_instruction_casing(ctx: Context) -> Iterable[Finding]:
    instrs = [i for i in ctx.parsed.instructions if i.known]
    upper = sum(1 for i in instrs if i.keyword.isupper())
    lower = sum(1 for i in instrs if i.keyword.islower())
    case = "upper case" if upper >= lower else "lower case"
    for i in instrs:
        if (case == "upper case" and not i.keyword.isupper()) or (case == "lower case" and not i.keyword.islower()):
            yield ctx.finding(RULE, i.start_line, i.column, word=i.keyword, case=case)


RULE = Rule(
    code="CF202",
    name="ConsistentInstructionCasing",
    kind=KIND,
    severity=W,
    message="'{word}' should match the case of the other instructions ({case})",
    rationale="Docker's ConsistentInstructionCasing: mixed casing makes recipes harder to scan; upper case is the convention.",
    example='FROM alpine:3.23\nrun apk add --no-cache curl\nCMD ["curl", "--version"]\n',
    fixed='FROM alpine:3.23\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n',
    check=consistent_instruction_casing,
)
