"""DL3009 AptListsNotCleaned."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    APT_GET_INSTALL,
    KIND,
    Context,
    W,
    cache_mount_on,
    run_script,
    runs,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

#: ``apt-get dist-clean`` (APT 2.7+, Debian trixie) removes the package lists too, as
#: the official python images on trixie end their RUN.
DIST_CLEAN = re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*dist-clean\b")


def apt_lists_not_cleaned(ctx: Context) -> Iterable[Finding]:
    last = ctx.stages[-1] if ctx.stages else None
    for instr in runs(ctx):
        if last is not None and ctx.stage_of(instr) is not last:
            continue  # an intermediate build stage is discarded
        script = run_script(instr)
        if not re.search(r"\bapt-get\b[^\n&;|]*\b(?:install|update)\b", script):
            continue
        if "/var/lib/apt/lists" in script or DIST_CLEAN.search(script) or cache_mount_on(instr, "/var/lib/apt"):
            continue
        yield ctx.at(RULE, instr, APT_GET_INSTALL)


RULE = Rule(
    code="DL3009",
    name="AptListsNotCleaned",
    kind=KIND,
    severity=W,
    message="apt-get lists stay in the image: end the same RUN with rm -rf /var/lib/apt/lists/* or apt-get dist-clean (or use a cache mount)",
    rationale="The package lists add tens of MB to the final image and go stale; deleting them in the same layer (rm -rf /var/lib/apt/lists/*, "
    "or apt-get dist-clean on Debian trixie and later) keeps the image small.",
    example="FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n",
    fixed="FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    check=apt_lists_not_cleaned,
)
