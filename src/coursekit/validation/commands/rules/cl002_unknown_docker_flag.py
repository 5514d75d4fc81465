"""CL002 UnknownDockerFlag."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk, lookup, suggest
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unknown_flag(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    """An unknown flag at the deepest command, pointing to the parent command that has it."""
    for use in walk.flag_uses:
        if use.problem != "unknown":
            continue
        levels, flag, hint = use.levels, use.flag, ""
        for depth in range(len(levels) - 2, -1, -1):
            if flag not in ("--help", "-h") and lookup(levels[depth].flags, flag) is not None:
                owner = f"docker {levels[depth].path}".rstrip()
                hint = f" ({flag} is an option of '{owner}': put it before '{use.path[depth]}')"
                break
        if not hint and flag.startswith("--"):
            hint = suggest(flag, ["--" + f for f in levels[-1].flags])
        yield use.offset, {"command": use.command, "flag": flag, "hint": hint}


RULE = Rule(
    "CL002",
    "UnknownDockerFlag",
    "command",
    Severity.ERROR,
    "'{command}' has no flag {flag}{hint}",
    "Docker rejects unknown flags ('unknown flag: --detatch'); the course must only show flags that exist.",
    example="```console\n$ docker container run --detatch --name web nginx:1.29-alpine\n```\n",
    fixed="```console\n$ docker container run --detach --name web nginx:1.29-alpine\n```\n",
    check=unknown_flag,
)
