"""DL3025 JSONArgsRecommended."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    EXEC_FORM_INTENT,
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def json_args_recommended(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("CMD", "ENTRYPOINT") or instr.json or not instr.args or instr.error:
            continue
        if EXEC_FORM_INTENT.match(instr.rest_after_flags):
            continue  # MalformedJSONArgs reports it
        stage = ctx.stage_of(instr)
        if stage and any(i.cmd == "SHELL" and i.start_line < instr.start_line for i in stage.instructions):
            continue  # an explicit SHELL makes the shell form deliberate
        yield ctx.finding(RULE, instr.start_line, instr.column, cmd=instr.cmd)


RULE = Rule(
    code="DL3025",
    name="JSONArgsRecommended",
    kind=KIND,
    severity=W,
    message='{cmd} in shell form runs under /bin/sh -c: prefer the exec form {cmd} ["executable", "arg"]',
    rationale="In shell form the shell is PID 1 and does not forward SIGTERM: docker stop waits 10 s and kills the app.",
    example="FROM alpine:3.23\nCMD httpd -f -p 8080\n",
    fixed='FROM alpine:3.23\nCMD ["httpd", "-f", "-p", "8080"]\n',
    check=json_args_recommended,
)
