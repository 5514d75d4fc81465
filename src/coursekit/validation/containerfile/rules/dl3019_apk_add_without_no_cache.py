"""DL3019 ApkAddWithoutNoCache."""

from __future__ import annotations

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
    for instr in runs(ctx):
        script = run_script(instr)
        if "/var/cache/apk" in script or cache_mount_on(instr, "/var/cache/apk") or cache_mount_on(instr, "/etc/apk/cache"):
            continue
        for _, words in ctx.commands(instr):
            words = unwrap(words)
            if words and words[0] == "apk" and subcommand(words) == "add" and "--no-cache" not in words:
                yield ctx.at(RULE, instr, "apk")
                break


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
