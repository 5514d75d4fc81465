"""CL003 FlagNeedsValue."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def flag_needs_value(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    for use in walk.flag_uses:
        if use.problem == "missing value":
            yield use.offset, {"flag": use.flag, "command": use.command}


RULE = Rule(
    "CL003",
    "FlagNeedsValue",
    "command",
    Severity.ERROR,
    "flag {flag} of '{command}' needs a value",
    "A value flag without its value either fails ('flag needs an argument') or silently swallows the next flag as its value.",
    example="```console\n$ docker container run --name --detach nginx:1.29-alpine\n```\n",
    fixed="```console\n$ docker container run --name web --detach nginx:1.29-alpine\n```\n",
    check=flag_needs_value,
)
