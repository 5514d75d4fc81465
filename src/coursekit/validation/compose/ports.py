"""Compose port specifications as compose-go reads them: short syntax
``[IP:][HOST[-RANGE]:]CONTAINER[-RANGE][/PROTOCOL]`` and the long form."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from coursekit.validation.compose.context import ComposeContext, with_defaults

PROTOCOLS = ("tcp", "udp", "sctp")


def port_range(text: str, what: str, allow_zero: bool = False) -> tuple[int, int]:
    if not re.fullmatch(r"\d+(-\d+)?", text):
        raise ValueError(f"{what} '{text}' is not a port number or range")
    lo, _, hi = text.partition("-")
    start, end = int(lo), int(hi or lo)
    for p in (start, end):
        if not (0 if allow_zero else 1) <= p <= 65535:
            raise ValueError(f"{what} {p} is outside 1-65535")
    if end < start:
        raise ValueError(f"{what} range '{text}' ends before it starts")
    return start, end


@dataclass
class Binding:
    host_ip: str
    host: tuple[int, int] | None
    container: tuple[int, int]
    protocol: str


def parse_port(spec: Any) -> Binding:
    """A short-syntax port, as Docker parses it; ValueError with a plain message."""
    if isinstance(spec, bool):
        raise ValueError("a port cannot be true or false")
    if isinstance(spec, int):
        return Binding("", None, port_range(str(spec), "container port"), "tcp")
    if isinstance(spec, float):
        raise ValueError(f"{spec} is not a port: quote port mappings in YAML")
    text = str(spec).strip()
    protocol = "tcp"
    if "/" in text:
        text, protocol = text.rsplit("/", 1)
        if protocol.lower() not in PROTOCOLS:
            raise ValueError(f"protocol '{protocol}' is not one of tcp, udp, sctp")
        protocol = protocol.lower()
    host_ip = ""
    if text.startswith("["):  # [IPv6]:host:container
        close = text.find("]")
        if close < 0 or text[close + 1 : close + 2] != ":":
            raise ValueError(f"'{spec}' has an unclosed IPv6 address")
        host_ip, text = text[1:close], text[close + 2 :]
        parts = ["", *text.split(":")] if text.count(":") == 1 else ["", "", *text.split(":")]
        parts = parts[-3:]
    else:
        parts = text.split(":")
        if len(parts) > 3:
            raise ValueError(f"'{spec}' has too many ':' (write an IPv6 address in brackets)")
        if len(parts) == 3:
            host_ip = parts[0]
    if host_ip:
        try:
            ipaddress.ip_address(host_ip)
        except ValueError:
            raise ValueError(f"'{host_ip}' is not an IP address") from None
    container = port_range(parts[-1], "container port")
    host = None
    if len(parts) >= 2 and parts[-2] != "":
        host = port_range(parts[-2], "host port", allow_zero=True)
        host_len, container_len = host[1] - host[0], container[1] - container[0]
        if container_len and host_len != container_len:
            raise ValueError(f"host range {parts[-2]} and container range {parts[-1]} differ in length")
    return Binding(host_ip, host, container, protocol)


def port_items(ctx: ComposeContext) -> Iterator[tuple[str, tuple, Any]]:
    for sname, svc in ctx.services.items():
        for i, item in enumerate(svc.get("ports") if isinstance(svc.get("ports"), list) else []):
            yield sname, ("services", sname, "ports", i), item


def bindings(item: Any, path: tuple) -> Iterator[tuple[tuple, Binding]]:
    """Parse one ports entry (short or long syntax); raises ValueError with (path, message)."""
    if isinstance(item, dict):
        target = item.get("target")
        published = item.get("published")
        protocol = item.get("protocol", "tcp")
        if isinstance(protocol, str) and protocol.lower() not in PROTOCOLS and "$" not in protocol:
            raise PortError((*path, "protocol"), f"protocol '{protocol}' is not one of tcp, udp, sctp")
        mode = item.get("mode")
        if isinstance(mode, str) and mode not in ("host", "ingress") and "$" not in mode:
            raise PortError((*path, "mode"), f"mode '{mode}' is not 'host' or 'ingress'")
        host_ip = item.get("host_ip") if isinstance(item.get("host_ip"), str) else ""
        try:
            if host_ip and "$" not in host_ip:
                ipaddress.ip_address(host_ip)
        except ValueError:
            raise PortError((*path, "host_ip"), f"'{host_ip}' is not an IP address") from None
        try:
            container = port_range(resolved(target), "target port") if target is not None and resolved(target) is not None else None
        except ValueError as exc:
            raise PortError((*path, "target"), str(exc)) from None
        try:
            host = port_range(resolved(published), "published port", True) if published is not None and resolved(published) is not None else None
        except ValueError as exc:
            raise PortError((*path, "published"), str(exc)) from None
        if container is not None:
            yield (
                (*path, "published") if published is not None else path,
                Binding(host_ip if "$" not in host_ip else "", host, container, str(protocol).lower()),
            )
        return
    value = item
    if isinstance(item, str):
        value = with_defaults(item)
        if value is None:
            return
    try:
        yield path, parse_port(value)
    except ValueError as exc:
        raise PortError(path, str(exc)) from None


def resolved(value: Any) -> str | None:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return with_defaults(value)
    return str(value)


class PortError(ValueError):
    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path
        self.message = message
