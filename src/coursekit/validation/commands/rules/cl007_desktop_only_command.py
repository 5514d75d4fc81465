"""CL007 DesktopOnlyCommand."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

# CLI plugins that ship with Docker Desktop only (Docker Engine on Linux has none of them).
DESKTOP_PLUGINS = {
    "scout": "image vulnerability analysis",
    "init": "project scaffolding",
    "debug": "a debug shell for slim containers",
}


def desktop_only(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    w = walk.unknown
    if w is not None and not walk.unknown_parent and w.text in DESKTOP_PLUGINS:
        yield w.start, {"command": w.text, "what": DESKTOP_PLUGINS[w.text]}


RULE = Rule(
    "CL007",
    "DesktopOnlyCommand",
    "command",
    Severity.WARNING,
    "'docker {command}' ({what}) is a Docker Desktop plugin, not part of Docker Engine: trainees on a Linux VM with Docker Engine get 'unknown command'",
    "docker scout, docker init and docker debug ship with Docker Desktop only; a course run on Docker Engine must say so where it shows them (ignore with a reason), or show an Engine alternative.",
    example="```console\n$ docker scout cves nginx:1.29-alpine\n```\n",
    fixed="```console\n$ docker image inspect nginx:1.29-alpine\n```\n",
    check=desktop_only,
)
