"""CO206 PrivilegedService."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def privileged(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        if svc.get("privileged") is True or svc.get("privileged") == "true":
            yield Hit(("services", sname, "privileged"), {"service": sname})


RULE = Rule(
    code="CO206",
    name="PrivilegedService",
    kind=KIND,
    severity=Severity.WARNING,
    message="service `{service}` runs privileged: the container gets every capability and all host devices, i.e. root on the host",
    rationale="The course teaches least privilege ('volumes and security'): add the one capability needed with cap_add instead.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    privileged: true\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    cap_add: [NET_ADMIN]\n",
    check=privileged,
)
