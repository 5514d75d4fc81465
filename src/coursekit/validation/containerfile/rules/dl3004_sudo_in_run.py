"""DL3004 SudoInRun."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
    runs,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def sudo_in_run(ctx: Context) -> Iterable[Finding]:
    for instr in runs(ctx):
        for _, words in ctx.commands(instr):
            if words and words[0] == "sudo":
                yield ctx.at(RULE, instr, "sudo")
                break


RULE = Rule(
    code="DL3004",
    name="SudoInRun",
    kind=KIND,
    severity=E,
    message="do not use sudo: RUN already runs as root (switch users with USER)",
    rationale="sudo is missing from most base images and may prompt for a password; the build fails or hangs.",
    example="FROM ubuntu:24.04\nRUN sudo apt-get update && sudo apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    fixed="FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    check=sudo_in_run,
)
