"""CF107 InvalidExposePort."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_PORT = re.compile(r"^(\d+)(?:-(\d+))?$")


def invalid_port(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd != "EXPOSE" or instr.error:
            continue
        for arg in instr.args:
            if skip_value(ctx, arg):
                continue
            port, _, proto = arg.partition("/")
            port = port.rsplit(":", 1)[-1]
            detail = None
            m = _PORT.match(port)
            if not m:
                detail = f"'{arg}' is not a port or port range"
            elif int(m.group(1)) > 65535 or (m.group(2) and int(m.group(2)) > 65535):
                detail = f"'{arg}': ports range from 0 to 65535"
            elif m.group(2) and int(m.group(2)) < int(m.group(1)):
                detail = f"'{arg}': the range ends before it starts (write {m.group(2)}-{m.group(1)})"
            elif proto and proto.lower() not in ("tcp", "udp", "sctp"):
                detail = f"'{arg}': protocol must be tcp, udp or sctp"
            if detail:
                yield ctx.at(RULE, instr, arg, detail=detail)


RULE = Rule(
    code="CF107",
    name="InvalidExposePort",
    kind=KIND,
    severity=E,
    message="{detail}",
    rationale="EXPOSE takes port[/protocol] with ports 0-65535 and protocol tcp, udp or sctp; anything else fails the build.",
    example="FROM alpine:3.23\nEXPOSE 80/http\n",
    fixed="FROM alpine:3.23\nEXPOSE 80/tcp\n",
    check=invalid_port,
)
