"""CO111 InvalidDuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    healthchecks,
    with_defaults,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

_DURATION = re.compile(r"^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w))+$")


_DURATION_KEYS = ("interval", "timeout", "start_period", "start_interval")


def _durations(ctx: ComposeContext) -> Iterator[tuple[tuple, Any]]:
    for path, hc, _owner in healthchecks(ctx):
        for key in _DURATION_KEYS:
            if key in hc:
                yield (*path, key), hc[key]
    for sname, svc in ctx.services.items():
        if "stop_grace_period" in svc:
            yield ("services", sname, "stop_grace_period"), svc["stop_grace_period"]
        deploy = svc.get("deploy")
        if isinstance(deploy, dict):
            for section, keys in (("restart_policy", ("delay", "window")), ("update_config", ("delay", "monitor")), ("rollback_config", ("delay", "monitor"))):
                part = deploy.get(section)
                if isinstance(part, dict):
                    for key in keys:
                        if key in part:
                            yield ("services", sname, "deploy", section, key), part[key]


def invalid_duration(ctx: ComposeContext) -> Iterator[Hit]:
    for path, value in _durations(ctx):
        if not isinstance(value, str) or ctx.is_placeholder(value):
            continue  # numbers are schema errors
        resolved = with_defaults(value)
        if resolved is None:
            continue
        if resolved != "0" and not _DURATION.match(resolved.strip()):
            yield Hit(path, {"key": path[-1], "value": value})


RULE = Rule(
    code="CO111",
    name="InvalidDuration",
    kind=KIND,
    severity=Severity.ERROR,
    message="`{key}` is not a duration: '{value}' (write a number with a unit: 500ms, 10s, 1m30s, 2h)",
    rationale="Compose parses durations like Go does and refuses a missing or unknown unit ('missing unit in duration').",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    deploy:\n      restart_policy:\n        delay: 5x\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    deploy:\n      restart_policy:\n        delay: 5s\n",
    check=invalid_duration,
)
