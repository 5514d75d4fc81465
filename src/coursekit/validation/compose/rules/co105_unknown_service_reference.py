"""CO105 UnknownServiceReference."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    extends_target,
    service_dependencies,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unknown_service_reference(ctx: ComposeContext) -> Iterator[Hit]:
    if ctx.included is None:
        return
    known = set(ctx.services) | ctx.included.get("services", set())
    if isinstance(ctx.data, dict) and isinstance(ctx.data.get("services"), dict):
        known |= set(ctx.data["services"])
    for sname, svc in ctx.services.items():
        for sub, option, name in service_dependencies(svc):
            if name not in known and not ctx.is_placeholder(name):
                yield Hit(
                    ("services", sname, *sub),
                    {"option": option, "service": sname, "name": name},
                    at_key=option == "depends_on" and isinstance(svc.get("depends_on"), dict),
                )
        target, file = extends_target(svc)
        if target is not None and file is None and target not in known:
            sub = ("extends",) if isinstance(svc.get("extends"), str) else ("extends", "service")
            yield Hit(("services", sname, *sub), {"option": "extends", "service": sname, "name": target})


RULE = Rule(
    code="CO105",
    name="UnknownServiceReference",
    kind=KIND,
    severity=Severity.ERROR,
    message="`{option}` of service `{service}` names `{name}`, which is not a service in this compose file",
    rationale="depends_on, links, volumes_from, network_mode: service:x and extends must name a service of the project; Compose refuses the file otherwise.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    depends_on: [api]\n  backend:\n    image: redis:8.2-alpine\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    depends_on: [backend]\n  backend:\n    image: redis:8.2-alpine\n",
    scope="file",
    check=unknown_service_reference,
)
