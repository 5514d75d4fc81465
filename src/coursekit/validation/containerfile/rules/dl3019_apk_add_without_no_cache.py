"""DL3019 ApkAddWithoutNoCache."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    cache_mount_on,
    run_script,
    runs,
    subcommand,
    unwrap,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def apk_add_without_no_cache(ctx: Context) -> Iterable[Finding]:
    last = ctx.stages[-1] if ctx.stages else None
    for instr in runs(ctx):
        if last is not None and ctx.stage_of(instr) is not last:
            continue  # an intermediate build stage is discarded (as for DL3009)
        script = run_script(instr)
        if "/var/cache/apk" in script or cache_mount_on(instr, "/var/cache/apk") or cache_mount_on(instr, "/etc/apk/cache"):
            continue
        adds = [unwrap(words) for _, words in ctx.commands(instr)]
        adds = [words for words in adds if words and words[0] == "apk" and subcommand(words) == "add"]
        for nth, words in enumerate(adds):
            # --no-network installs from what is already there and fetches no index either
            if "--no-cache" not in words and "--no-network" not in words:
                yield ctx.finding(RULE, *_nth_apk_add(ctx, instr, nth))
                break


_APK_ADD = re.compile(r"\bapk\b(?:\s+-\S+)*\s+add\b")


def _nth_apk_add(ctx: Context, instr, nth: int) -> tuple[int, int]:
    """Line and column of the ``nth`` ``apk ... add`` of a RUN (counted over its lines), else its keyword."""
    seen = 0
    for n in range(instr.start_line, min(instr.end_line, len(ctx.parsed.lines)) + 1):
        for m in _APK_ADD.finditer(ctx.parsed.lines[n - 1]):
            if seen == nth:
                return n, m.start() + 1
            seen += 1
    return ctx.locate(instr, "apk")


RULE = Rule(
    code="DL3019",
    name="ApkAddWithoutNoCache",
    kind=KIND,
    severity=W,
    message="apk add without --no-cache leaves the package index in the image",
    rationale="apk add --no-cache fetches the index on the fly and stores nothing; no apk update and no cleanup needed.",
    example="FROM alpine:3.23\nRUN apk add curl\n",
    fixed="FROM alpine:3.23\nRUN apk add --no-cache curl\n",
    check=apk_add_without_no_cache,
)
