"""CO005 InvalidComposeValue: what the Compose Specification schema refuses, and values it lets
through (strings are allowed for interpolation) but Compose refuses when it converts them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coursekit.validation.compose.context import KIND, ComposeContext, Hit
from coursekit.validation.compose.schema import schema_info
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

BYTES = re.compile(r"^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")  # docker/go-units RAMInBytes


BYTE_KEYS = ("mem_limit", "mem_reservation", "memswap_limit", "shm_size")


INT_KEYS = ("scale", "cpu_shares", "pids_limit", "cpu_count", "cpu_percent", "oom_score_adj")


def value_problems(data: Any) -> list[tuple[tuple, bool, str]]:
    """(path, at_key, message) of values ``docker compose config`` refuses although the schema accepts them."""
    out: list[tuple[tuple, bool, str]] = []
    if not isinstance(data, dict):
        return out

    def literal(value: Any) -> str | None:
        return value.strip() if isinstance(value, str) and "$" not in value else None

    def size(path: tuple, key: str, value: Any) -> None:
        text = literal(value)
        if text is not None and not BYTES.match(text) and text != "-1":
            out.append((path, False, f"`{key}` is not a size: '{text}' (write a number with an optional unit: 512m, 1g, 1.5GiB)"))

    def integer(path: tuple, key: str, value: Any) -> None:
        text = literal(value)
        if text is not None and not re.fullmatch(r"[-+]?\d+", text):
            out.append((path, False, f"`{key}` must be a whole number, not '{text}'"))

    services = data.get("services") if isinstance(data.get("services"), dict) else {}
    for sname, svc in services.items():
        if not isinstance(svc, dict):
            continue
        base = ("services", sname)
        for key in BYTE_KEYS:
            if key in svc:
                size((*base, key), key, svc[key])
        if isinstance(svc.get("build"), dict) and "shm_size" in svc["build"]:
            size((*base, "build", "shm_size"), "build.shm_size", svc["build"]["shm_size"])
        for key in INT_KEYS:
            if key in svc:
                integer((*base, key), key, svc[key])
        deploy = svc.get("deploy") if isinstance(svc.get("deploy"), dict) else {}
        if "replicas" in deploy:
            integer((*base, "deploy", "replicas"), "deploy.replicas", deploy["replicas"])
        resources = deploy.get("resources") if isinstance(deploy.get("resources"), dict) else {}
        for part in ("limits", "reservations"):
            limits = resources.get(part) if isinstance(resources.get(part), dict) else {}
            if "memory" in limits:
                size((*base, "deploy", "resources", part, "memory"), f"deploy.resources.{part}.memory", limits["memory"])
            if "pids" in limits:
                integer((*base, "deploy", "resources", part, "pids"), f"deploy.resources.{part}.pids", limits["pids"])
    volumes = data.get("volumes") if isinstance(data.get("volumes"), dict) else {}
    for vname, spec in volumes.items():
        if isinstance(spec, dict) and spec.get("external") not in (None, False):
            for key in ("driver", "driver_opts", "labels"):
                if key in spec:
                    out.append((("volumes", vname, key), True, f"volume `{vname}` is `external` (created outside Compose) and cannot also set `{key}`"))
    return out


def invalid_value(ctx: ComposeContext) -> Iterator[Hit]:
    for error in ctx.schema_errors:
        if not error.unknown_key and not ctx.about_placeholder(error.path):
            yield Hit(error.path, {"detail": error.message}, at_key=error.at_key)
    for path, at_key, message in value_problems(ctx.data):
        if not ctx.about_placeholder(path):
            yield Hit(path, {"detail": message}, at_key=at_key)


SCHEMA = schema_info()

RULE = Rule(
    "CO005",
    "InvalidComposeValue",
    KIND,
    Severity.ERROR,
    "{detail}",
    "A value of the wrong type or outside the allowed set fails `docker compose config` against the Compose Specification schema."
    f" Schema used: {SCHEMA.package} {SCHEMA.package_version} `{SCHEMA.resource.rsplit('/', 1)[-1]}`"
    f" ({SCHEMA.title}, JSON Schema {SCHEMA.dialect.rsplit('/', 2)[-2]}, sha256 {SCHEMA.sha256[:12]}).",
    example='services:\n  web:\n    image: nginx:1.29-alpine\n    ports: "8080:80"\n',
    fixed='services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - "8080:80"\n',
    check=invalid_value,
)
