"""CF103 WrongArgumentCount."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_EXACTLY_ONE = ("WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER")


_AT_LEAST_ONE = ("ENV", "LABEL", "ARG", "RUN", "EXPOSE", "VOLUME", "SHELL", "ONBUILD", "HEALTHCHECK")


def wrong_argument_count(ctx: Context) -> Iterable[Finding]:
    for p in ctx.parsed.problems:
        if p.kind == "arguments":
            cmd = p.message.split()[0]
            yield ctx.finding(RULE, p.line, p.column, detail=f"{p.message}: write '{cmd} KEY=value' (a key alone has no value)")
    unterminated = {p.line for p in ctx.parsed.problems if p.kind == "heredoc"}
    for instr in ctx.all_instructions():
        if instr.error or not instr.known or instr.start_line in unterminated:
            continue  # an unterminated heredoc (CF102) leaves the instruction without arguments: not a second mistake
        cmd, args = instr.cmd, instr.args
        detail = None
        if cmd == "FROM":
            if not args:
                detail = "FROM needs an image: FROM <image>[:tag] [AS <name>]"
            elif len(args) == 2 and args[1].lower() == "as":
                detail = "FROM ... AS needs a stage name after AS"
            elif len(args) == 3 and args[1].lower() != "as":
                detail = f"FROM expects 'AS' before the stage name, found '{args[1]}'"
            elif len(args) not in (1, 3):
                detail = "FROM requires either one or three arguments: FROM <image> [AS <name>]"
        elif cmd in _EXACTLY_ONE and len(args) != 1:
            detail = f"{cmd} requires exactly one argument"
        elif cmd in _AT_LEAST_ONE and not args:
            detail = f"{cmd} requires at least one argument"
        elif cmd in ("CMD", "ENTRYPOINT") and not args and not instr.json:
            detail = f"{cmd} without a command: write the command, or {cmd} [] to reset it"
        elif cmd in ("COPY", "ADD") and len(args) < 2:
            detail = f"{cmd} requires at least two arguments: the source(s) and the destination"
        if detail:
            yield ctx.finding(RULE, instr.start_line, instr.column, detail=detail)


RULE = Rule(
    code="CF103",
    name="WrongArgumentCount",
    kind=KIND,
    severity=E,
    message="{detail}",
    rationale="Missing or extra arguments (WORKDIR alone, FROM x AS without a name, ENV without a value) are rejected by BuildKit.",
    example="FROM alpine:3.23\nWORKDIR\nCOPY app.py .\n",
    fixed="FROM alpine:3.23\nWORKDIR /app\nCOPY app.py .\n",
    check=wrong_argument_count,
)
