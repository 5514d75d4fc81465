"""CO101 UndefinedNetwork."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    named_items,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def undefined_network(ctx: ComposeContext) -> Iterator[Hit]:
    declared = ctx.declared("networks")
    if declared is None:
        return
    for sname, svc in ctx.services.items():
        for sub, name in named_items(svc.get("networks")):
            if name != "default" and name not in declared and not ctx.is_placeholder(name):
                yield Hit(("services", sname, "networks", *sub), {"service": sname, "name": name}, at_key=isinstance(svc.get("networks"), dict))


RULE = Rule(
    code="CO101",
    name="UndefinedNetwork",
    kind=KIND,
    severity=Severity.ERROR,
    message="service `{service}` uses network `{name}`, which is not declared under the top-level `networks:`",
    rationale="Compose refuses a service that joins an undeclared network ('refers to undefined network'); only `default` exists implicitly.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    networks: [frontend]\nnetworks:\n  front: {}\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    networks: [front]\nnetworks:\n  front: {}\n",
    scope="file",
    check=undefined_network,
)
