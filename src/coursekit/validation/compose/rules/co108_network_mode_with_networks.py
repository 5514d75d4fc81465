"""CO108 NetworkModeWithNetworks."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def network_mode_with_networks(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        if "network_mode" in svc and "networks" in svc:
            yield Hit(("services", sname, "networks"), {"service": sname}, at_key=True)


RULE = Rule(
    code="CO108",
    name="NetworkModeWithNetworks",
    kind=KIND,
    severity=Severity.ERROR,
    message="service `{service}` sets both `network_mode` and `networks`; Compose refuses the combination",
    rationale="network_mode replaces the service's networking, so networks would be ignored; Compose calls them mutually exclusive.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    network_mode: host\n    networks: [front]\nnetworks:\n  front: {}\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    networks: [front]\nnetworks:\n  front: {}\n",
    check=network_mode_with_networks,
)
