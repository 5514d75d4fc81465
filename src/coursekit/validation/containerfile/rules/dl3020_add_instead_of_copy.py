"""DL3020 AddInsteadOfCopy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    flag,
    has_placeholder,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_ARCHIVE = re.compile(r"\.(?:tar|tar\.(?:gz|bz2|xz|zst|lz|lzma|z)|tgz|tbz2?|tb2|txz|tzst|tlz|gz|bz2|xz|zst)$", re.IGNORECASE)


def add_instead_of_copy(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd != "ADD" or instr.error or len(instr.args) < 2 or instr.heredocs:
            continue
        if any(flag(instr, f) is not None for f in ("checksum", "keep-git-dir", "unpack")):
            continue
        sources = instr.args[:-1]
        if any(re.match(r"^(?:https?|git|ssh)://|^git@", s) or _ARCHIVE.search(s) or "$" in s or (ctx.placeholders and has_placeholder(s)) for s in sources):
            continue
        yield ctx.finding(RULE, instr.start_line, instr.column)


RULE = Rule(
    code="DL3020",
    name="AddInsteadOfCopy",
    kind=KIND,
    severity=W,
    message="ADD of local files: use COPY (ADD is for URLs, git repositories and tar archives)",
    rationale="ADD has hidden behaviour (it unpacks archives, fetches URLs); COPY says exactly what happens.",
    example="FROM alpine:3.23\nADD app.py /app/\n",
    fixed="FROM alpine:3.23\nCOPY app.py /app/\n",
    check=add_instead_of_copy,
)
