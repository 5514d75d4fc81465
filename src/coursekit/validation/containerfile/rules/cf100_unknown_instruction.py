"""CF100 UnknownInstruction."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def unknown_instruction(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.known or instr.error:
            continue
        word = instr.keyword
        line_text = instr.line_text.strip()
        if word in ("$", "#", ">", "PS>", "C:\\>") or word.startswith("$"):
            hint = " (a shell prompt pasted into a Containerfile? put commands in RUN or in a console block)"
        elif word in ("...", "…"):
            hint = " (an ellipsis: mark the block <!-- course-check: placeholders -->)"
        else:
            close = difflib.get_close_matches(word.upper(), cfp.INSTRUCTIONS, n=1, cutoff=0.6)
            if close:
                hint = f" (did you mean {close[0]}?)"
            elif len(line_text.split()) >= 4 and line_text[:1].isupper() and not word.isupper():
                hint = " (prose inside a Containerfile block? move it out of the fence)"
            else:
                hint = ""
        yield ctx.finding(RULE, instr.start_line, instr.column, word=word, hint=hint)


RULE = Rule(
    code="CF100",
    name="UnknownInstruction",
    kind=KIND,
    severity=E,
    message="unknown instruction '{word}'{hint}",
    rationale="BuildKit rejects a word it does not know; in a course block it is usually a pasted shell prompt, prose, or a typo such as RUNN.",
    example="FROM alpine:3.23\nRUNN apk add --no-cache curl\n",
    fixed="FROM alpine:3.23\nRUN apk add --no-cache curl\n",
    check=unknown_instruction,
)
