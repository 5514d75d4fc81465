"""CL005 ComposeV1Command."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def compose_v1(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    if walk.head.text == "docker-compose":
        yield walk.head.start, {}


RULE = Rule(
    "CL005",
    "ComposeV1Command",
    "command",
    Severity.ERROR,
    "'docker-compose' (Compose v1) is retired; use 'docker compose'",
    "Compose v1 reached end of life in 2023 and is missing on current Docker installations; v2 is the 'docker compose' plugin.",
    example="```console\n$ docker-compose up -d\n```\n",
    fixed="```console\n$ docker compose up -d\n```\n",
    check=compose_v1,
)
