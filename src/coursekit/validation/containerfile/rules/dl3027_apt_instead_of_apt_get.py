"""DL3027 AptInsteadOfAptGet."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    runs,
    unwrap,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def apt_instead_of_apt_get(ctx: Context) -> Iterable[Finding]:
    for instr in runs(ctx):
        for _, words in ctx.commands(instr):
            words = unwrap(words)
            if words and words[0] == "apt":
                yield ctx.at(RULE, instr, "apt ")
                break


RULE = Rule(
    code="DL3027",
    name="AptInsteadOfAptGet",
    kind=KIND,
    severity=W,
    message="apt is meant for people at a terminal: use apt-get (or apt-cache) in scripts",
    rationale="apt's interface is not stable for scripts and warns about it; apt-get is the scripting interface.",
    example="FROM ubuntu:24.04\nRUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*\n",
    fixed="FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    check=apt_instead_of_apt_get,
)
