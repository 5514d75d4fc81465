"""CO208 HostNetworkMode."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def host_network(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        if svc.get("network_mode") == "host":
            yield Hit(("services", sname, "network_mode"), {"service": sname})


RULE = Rule(
    code="CO208",
    name="HostNetworkMode",
    kind=KIND,
    severity=Severity.WARNING,
    message="service `{service}` uses `network_mode: host`: no network isolation, ports are not published but bound on the host directly",
    rationale="Host networking removes the isolation the course teaches and behaves differently on Docker Desktop; use published ports.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    network_mode: host\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80\n",
    check=host_network,
)
