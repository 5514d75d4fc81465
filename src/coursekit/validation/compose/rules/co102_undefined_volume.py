"""CO102 UndefinedVolume."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    mounts,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def undefined_volume(ctx: ComposeContext) -> Iterator[Hit]:
    declared = ctx.declared("volumes")
    if declared is None:
        return
    for sname, svc in ctx.services.items():
        for m in mounts(svc, ("services", sname)):
            if m.type == "volume" and m.source and "$" not in m.source and m.source not in declared and not ctx.is_placeholder(m.source):
                yield Hit(m.path, {"service": sname, "name": m.source})


RULE = Rule(
    code="CO102",
    name="UndefinedVolume",
    kind=KIND,
    severity=Severity.ERROR,
    message="service `{service}` mounts the named volume `{name}`, which is not declared under the top-level `volumes:`",
    rationale="A named volume must be declared at the top level ('refers to undefined volume'); a path meant as a bind mount needs './' in front.",
    example="services:\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n",
    fixed="services:\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n",
    scope="file",
    check=undefined_volume,
)
