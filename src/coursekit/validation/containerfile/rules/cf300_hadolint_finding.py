"""CF300 HadolintFinding."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile import hadolint_engine
from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def hadolint_finding(ctx: Context) -> Iterable[Finding]:
    if not hadolint_engine.enabled() or ctx.placeholders:
        return
    spans = [(i.start_line, i.end_line) for i in ctx.parsed.instructions if i.heredocs]
    for r in hadolint_engine.run(hadolint_engine.prepare(ctx.parsed.lines, spans)):
        text = str(r.get("message", "")).splitlines()[0] if r.get("message") else ""
        yield ctx.finding(RULE, int(r.get("line") or 1), int(r.get("column") or 1), hcode=r.get("code", "?"), text=text)


RULE = Rule(
    code="CF300",
    name="HadolintFinding",
    kind=KIND,
    severity=W,
    message="hadolint {hcode}: {text}",
    rationale="Optional second engine (course-check --hadolint or COURSE_CHECK_HADOLINT=1): hadolint's other rules and ShellCheck on RUN, as advice. Off by default; see coursekit/validation/containerfile/hadolint_engine.py.",
    scope="file",
    example="FROM alpine:3.23\nRUN apk add --no-cache curl\n",
    fixed="FROM alpine:3.23\nRUN apk add --no-cache curl=8.17.0-r0\n",
    check=hadolint_finding,
)
