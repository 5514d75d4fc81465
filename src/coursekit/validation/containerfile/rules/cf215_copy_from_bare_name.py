"""CF215 CopyFromBareName."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import KIND, Context, W, flag, skip_value
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def copy_from_bare_name(ctx: Context) -> Iterable[Finding]:
    """``COPY --from=NAME`` where NAME is no stage and has nothing that marks an image reference
    (tag, digest, registry or namespace), and is not close to a stage name (CF114 reports that)."""
    names = [s.name for s in ctx.stages if s.name]
    for stage in ctx.stages:
        for instr in stage.instructions:
            src = flag(instr, "from") if instr.cmd == "COPY" else None
            if not src or skip_value(ctx, src) or src.isdigit() or re.search(r"[:/@]", src):
                continue
            low = src.lower()
            if low in names or difflib.get_close_matches(low, names, n=1, cutoff=0.75):
                continue  # a stage (or a typo of one: CF114)
            yield ctx.at(RULE, instr, "--from", name=src)


RULE = Rule(
    code="CF215",
    name="CopyFromBareName",
    kind=KIND,
    severity=W,
    message="COPY --from={name} names no stage of this file, so Docker pulls the image '{name}:latest': "
    "if it is a stage, its 'AS {name}' is missing; if it is an image, pin its tag ('{name}:<version>')",
    rationale="Removing 'AS build' from a stage leaves 'COPY --from=build' pointing at an image called 'build', which fails "
    "('pull access denied') far from the cause; an untagged official image (--from=busybox) builds but copies whatever "
    "'latest' is that day. A warning, not an error: the second case is valid for docker build, and the fix is the same "
    "for both (name the stage, or pin the image).",
    scope="file",
    example="FROM golang:1.25-alpine\nRUN go build -o /out/app .\nFROM alpine:3.23\nCOPY --from=build /out/app /usr/local/bin/app\n",
    fixed="FROM golang:1.25-alpine AS build\nRUN go build -o /out/app .\nFROM alpine:3.23\nCOPY --from=build /out/app /usr/local/bin/app\n",
    check=copy_from_bare_name,
)
