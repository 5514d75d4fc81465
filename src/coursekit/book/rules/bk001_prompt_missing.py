"""BK001 PromptMissing: every command in a console block after a ``$ `` or ``# `` prompt."""

from __future__ import annotations

from coursekit.book.conventions import KIND, console_findings
from coursekit.validation.artifact import Artifact
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def prompt_missing(artifact: Artifact):
    yield from console_findings(artifact, "prompt missing", RULE)


RULE = Rule(
    "BK001",
    "PromptMissing",
    KIND,
    Severity.ERROR,
    "{detail}",
    "Without its prompt a command renders as output: it is hidden from the copy button and readers cannot tell it is to be typed.",
    example="```console\ndocker container ls\n```\n",
    fixed="```console\n$ docker container ls\n```\n",
    check=prompt_missing,
)
