"""DL4000 MaintainerDeprecated."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def maintainer_deprecated(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "MAINTAINER":
            yield ctx.finding(RULE, instr.start_line, instr.column)


RULE = Rule(
    code="DL4000",
    name="MaintainerDeprecated",
    kind=KIND,
    severity=W,
    message='MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors="..."',
    rationale="MAINTAINER has been deprecated since Docker 1.13; labels are the standard place for metadata.",
    example="FROM alpine:3.23\nMAINTAINER Jane Doe <jane@example.org>\n",
    fixed='FROM alpine:3.23\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.org>"\n',
    check=maintainer_deprecated,
)
