"""CF114 CopyFromUnknownStage."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    flag,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def copy_from_unknown_stage(ctx: Context) -> Iterable[Finding]:
    names = [s.name for s in ctx.stages if s.name]
    for stage in ctx.stages:
        earlier = {s.name for s in ctx.stages[: stage.index] if s.name}
        for instr in stage.instructions:
            src = flag(instr, "from") if instr.cmd == "COPY" else None
            if not src or skip_value(ctx, src) or src.isdigit():
                continue
            low = src.lower()
            if low in earlier or low == stage.name or re.search(r"[:/@]", src):
                continue
            if low in names:
                hint = f" ('{src}' is defined later, on line {ctx.artifact.position(ctx.stage_names[low].instr.start_line)[1]}; move that stage up)"
            else:
                close = difflib.get_close_matches(low, names, n=1, cutoff=0.75)
                if not close:
                    continue  # an image such as --from=busybox
                hint = f"; did you mean '{close[0]}'?"
            yield ctx.at(RULE, instr, "--from", name=src, hint=hint)


RULE = Rule(
    code="CF114",
    name="CopyFromUnknownStage",
    kind=KIND,
    severity=E,
    message="COPY --from={name} names no earlier stage{hint}",
    rationale="An unknown --from value is pulled as an image named like the typo; the build fails (or copies from a stranger's image).",
    scope="file",
    example="FROM alpine:3.23 AS builder\nRUN echo built > /out\nFROM alpine:3.23\nCOPY --from=biulder /out /out\n",
    fixed="FROM alpine:3.23 AS builder\nRUN echo built > /out\nFROM alpine:3.23\nCOPY --from=builder /out /out\n",
    check=copy_from_unknown_stage,
)
