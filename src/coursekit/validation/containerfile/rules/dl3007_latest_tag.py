"""DL3007 LatestTag."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation import image_eol
from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    image_refs,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def latest_tag(ctx: Context) -> Iterable[Finding]:
    for stage, ref in image_refs(ctx):
        _, tag = image_eol.split_reference(ref)
        if tag == "latest" and "@" not in ref:
            yield ctx.at(RULE, stage.instr, ref, ref=ref)


RULE = Rule(
    code="DL3007",
    name="LatestTag",
    kind=KIND,
    severity=W,
    message="base image '{ref}' uses :latest: pin a version",
    rationale="':latest' is whatever was pushed last; the recipe may build something else next month.",
    example="FROM alpine:latest\n",
    fixed="FROM alpine:3.23\n",
    check=latest_tag,
)
