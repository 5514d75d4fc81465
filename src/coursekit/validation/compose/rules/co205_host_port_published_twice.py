"""CO205 HostPortPublishedTwice."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
)
from coursekit.validation.compose.ports import Binding, PortError, bindings, port_items
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def _overlap(a: Binding, b: Binding) -> bool:
    return a.protocol == b.protocol and _same_ip(a.host_ip, b.host_ip) and a.host[0] <= b.host[1] and b.host[0] <= a.host[1]


def _replicas(service: dict) -> int:
    deploy = service.get("deploy") if isinstance(service.get("deploy"), dict) else {}
    for value in (service.get("scale"), deploy.get("replicas")):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 1


def _never_together(a: dict, b: dict) -> bool:
    """Services whose profiles do not overlap are never started together."""
    pa, pb = a.get("profiles"), b.get("profiles")
    return isinstance(pa, list) and isinstance(pb, list) and bool(pa) and bool(pb) and not set(map(str, pa)) & set(map(str, pb))


def _same_ip(a: str, b: str) -> bool:
    any_ip = ("", "0.0.0.0", "::")
    return a in any_ip or b in any_ip or a == b


def host_port_twice(ctx: ComposeContext) -> Iterator[Hit]:
    taken: list[tuple[Binding, str, tuple]] = []
    services = ctx.services
    for sname, path, item in port_items(ctx):
        try:
            found = list(bindings(item, path))
        except PortError:
            continue
        for bpath, b in found:
            if b.host is None or b.host == (0, 0):
                continue
            port = f"{b.host[0]}" if b.host[0] == b.host[1] else f"{b.host[0]}-{b.host[1]}"
            replicas = _replicas(services[sname])
            if replicas > 1 and b.host[0] == b.host[1]:
                yield Hit(bpath, {"port": f"{port}/{b.protocol}", "where": f"by each of the {replicas} replicas of service `{sname}`"})
                continue
            for other, oname, opath in taken:
                if _overlap(other, b) and not _never_together(services[oname], services[sname]):
                    line = ctx.shown_line(ctx.doc.where(opath)[0])
                    who = "by this service" if oname == sname else f"by service `{oname}`"
                    yield Hit(bpath, {"port": f"{port}/{b.protocol}", "where": f"{who} (line {line})"})
                    break
            else:
                taken.append((b, sname, bpath))


RULE = Rule(
    code="CO205",
    name="HostPortPublishedTwice",
    kind=KIND,
    severity=Severity.WARNING,
    message="host port {port} is already published {where}; only one of them can bind it ('port is already allocated')",
    rationale="Two bindings of one host port cannot both succeed: a second service, or a second replica of a scaled service, fails when the project starts.",
    example='services:\n  web:\n    image: nginx:1.29-alpine\n    ports: ["8080:80"]\n  api:\n    image: httpd:2.4\n    ports: ["8080:80"]\n',
    fixed='services:\n  web:\n    image: nginx:1.29-alpine\n    ports: ["8080:80"]\n  api:\n    image: httpd:2.4\n    ports: ["8081:80"]\n',
    check=host_port_twice,
)
