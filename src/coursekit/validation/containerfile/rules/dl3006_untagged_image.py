"""DL3006 UntaggedImage."""

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


def untagged_image(ctx: Context) -> Iterable[Finding]:
    for stage, ref in image_refs(ctx):
        _, tag = image_eol.split_reference(ref)
        if not tag and "@" not in ref:
            yield ctx.at(RULE, stage.instr, ref, ref=ref)


RULE = Rule(
    code="DL3006",
    name="UntaggedImage",
    kind=KIND,
    severity=W,
    message="base image '{ref}' has no tag: pin a version such as {ref}:<version>",
    rationale="An untagged image means :latest, which changes under you: builds stop being reproducible and break without a change in the course.",
    example="FROM alpine\n",
    fixed="FROM alpine:3.23\n",
    check=untagged_image,
)
