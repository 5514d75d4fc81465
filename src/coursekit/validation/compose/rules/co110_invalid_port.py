"""CO110 InvalidPort."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    with_defaults,
)
from coursekit.validation.compose.ports import PROTOCOLS, PortError, bindings, port_items, port_range
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def invalid_port(ctx: ComposeContext) -> Iterator[Hit]:
    for _sname, path, item in port_items(ctx):
        if ctx.is_placeholder(item) or (isinstance(item, dict) and any(ctx.is_placeholder(v) for v in item.values())):
            continue
        try:
            list(bindings(item, path))
        except PortError as exc:
            yield Hit(exc.path, {"what": f"mapping '{item}'" if not isinstance(item, dict) else "entry", "problem": exc.message})
    for sname, svc in ctx.services.items():
        for i, item in enumerate(svc.get("expose") if isinstance(svc.get("expose"), list) else []):
            text = with_defaults(str(item)) if not isinstance(item, bool) else str(item)
            if text is None or ctx.is_placeholder(text):
                continue
            port, _, proto = text.partition("/")
            try:
                port_range(port, "exposed port")
                if proto and proto.lower() not in PROTOCOLS:
                    raise ValueError(f"protocol '{proto}' is not one of tcp, udp, sctp")
            except ValueError as exc:
                yield Hit(("services", sname, "expose", i), {"what": f"in `expose` '{item}'", "problem": str(exc)})


RULE = Rule(
    code="CO110",
    name="InvalidPort",
    kind=KIND,
    severity=Severity.ERROR,
    message="invalid port {what}: {problem}",
    rationale="Docker refuses malformed port mappings ('invalid hostPort', 'invalid proto') only when the service starts; catch them in the file.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80:80\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80\n",
    check=invalid_port,
)
