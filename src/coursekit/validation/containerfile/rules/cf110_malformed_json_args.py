"""CF110 MalformedJSONArgs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    EXEC_FORM_INTENT,
    KIND,
    Context,
    E,
    has_placeholder,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def _json_problem(text: str) -> str:
    if "'" in text and '"' not in text:
        return "JSON needs double quotes, not single quotes"
    try:
        value = json.loads(text)
    except ValueError as exc:
        return f"not valid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "exec form is a JSON array of strings"
    return ""


#: An exec form that lost its opening bracket: quoted words separated by commas, ending in ']'.
LOST_OPENING = re.compile(r"""^\s*["'\u201c][^\n]*["'\u201d]\s*,\s*["'\u201c][^\n]*\]\s*$""")


def malformed_json_args(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("RUN", "CMD", "ENTRYPOINT", "VOLUME", "SHELL") or instr.json or instr.error:
            continue
        rest = instr.rest_after_flags
        if ctx.placeholders and has_placeholder(rest):
            continue
        if EXEC_FORM_INTENT.match(rest):
            yield ctx.at(RULE, instr, "[", cmd=instr.cmd, problem=_json_problem(rest) or "not an array of strings")
        elif instr.cmd in ("CMD", "ENTRYPOINT") and LOST_OPENING.match(rest):
            # 'CMD "python", "app.py"]': the array lost its '[' and runs as sh -c '"python", "app.py"]'
            yield ctx.at(RULE, instr, rest.strip()[:1], cmd=instr.cmd, problem="the opening '[' is missing")


RULE = Rule(
    code="CF110",
    name="MalformedJSONArgs",
    kind=KIND,
    severity=E,
    message="{cmd} is a broken exec form ({problem}); BuildKit silently runs it as a shell command",
    rationale="A broken exec form (not valid JSON, or an array that lost its opening '[') does not fail the build: it becomes "
    "/bin/sh -c '[\"app\", ...' and fails only when the container starts.",
    example="FROM alpine:3.23\nCMD ['python3', 'app.py']\n",
    fixed='FROM alpine:3.23\nCMD ["python3", "app.py"]\n',
    check=malformed_json_args,
)
