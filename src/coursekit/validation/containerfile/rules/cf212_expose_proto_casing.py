"""CF212 ExposeProtoCasing."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def expose_proto_casing(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "EXPOSE":
            for arg in instr.args:
                proto = arg.partition("/")[2]
                if proto and proto != proto.lower() and "$" not in proto:
                    yield ctx.at(RULE, instr, arg, arg=arg)


RULE = Rule(
    code="CF212",
    name="ExposeProtoCasing",
    kind=KIND,
    severity=W,
    message="protocol in '{arg}' should be lower case",
    rationale="Docker's ExposeProtoCasing: protocols are lower case (tcp, udp, sctp).",
    example="FROM alpine:3.23\nEXPOSE 80/TCP\n",
    fixed="FROM alpine:3.23\nEXPOSE 80/tcp\n",
    check=expose_proto_casing,
)
