"""BK002 OutputInCommandBlock: what the commands print goes into its own ```` ```output ```` block."""

from __future__ import annotations

from coursekit.book.conventions import KIND, console_findings
from coursekit.validation.artifact import Artifact
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def output_in_command_block(artifact: Artifact):
    yield from console_findings(artifact, "output", RULE)


RULE = Rule(
    "BK002",
    "OutputInCommandBlock",
    KIND,
    Severity.ERROR,
    "output line in a command block; move expected output into an ```output block after it",
    "Output mixed into a command block looks like something to type and blurs what the command printed; the output block shows it distinctly.",
    example="```console\n$ docker container run --rm alpine:3.23 echo hello\nhello\n```\n",
    fixed="```console\n$ docker container run --rm alpine:3.23 echo hello\n```\n\n```output\nhello\n```\n",
    check=output_in_command_block,
)
