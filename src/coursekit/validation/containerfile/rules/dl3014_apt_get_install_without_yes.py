"""DL3014 AptGetInstallWithoutYes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.containerfile.context import (
    APT_GET_INSTALL,
    KIND,
    Context,
    E,
    runs,
    subcommand,
    unwrap,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def _apt_get_installs(ctx: Context, instr: cfp.Instruction) -> list[list[str]]:
    out = []
    for _, words in ctx.commands(instr):
        words = unwrap(words)
        if words and words[0] == "apt-get" and subcommand(words) == "install":
            out.append(words)
    return out


def apt_get_without_yes(ctx: Context) -> Iterable[Finding]:
    for instr in runs(ctx):
        for words in _apt_get_installs(ctx, instr):
            opts = [w for w in words[1:] if w.startswith("-")]
            yes = any(w in ("--yes", "--assume-yes", "-qq", "--quiet=2", "-q=2") or (re.match(r"^-[a-zA-Z]+$", w) and "y" in w) for w in opts)
            if not yes:
                yield ctx.at(RULE, instr, APT_GET_INSTALL)


RULE = Rule(
    code="DL3014",
    name="AptGetInstallWithoutYes",
    kind=KIND,
    severity=E,
    message="apt-get install without -y: the build has no terminal and apt-get aborts at its confirmation prompt",
    rationale="In docker build apt-get cannot ask 'Do you want to continue?'; without -y it aborts and the build fails.",
    example="FROM ubuntu:24.04\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n",
    fixed="FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    check=apt_get_without_yes,
)
