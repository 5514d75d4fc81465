"""BK005 HeredocInCommandBlock: a here-document's body in a console block renders as output."""

from __future__ import annotations

from coursekit.book.conventions import KIND, console_findings
from coursekit.validation.artifact import Artifact
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def heredoc_in_command_block(artifact: Artifact):
    yield from console_findings(artifact, "heredoc", RULE)


RULE = Rule(
    "BK005",
    "HeredocInCommandBlock",
    KIND,
    Severity.ERROR,
    "here-document in a command block: its body renders as output and is not copied; show the file in its own block",
    "The console lexer treats the lines of a here-document as output, so the copy button drops them and the pasted command waits for input forever.",
    example="```console\n$ cat > Containerfile <<EOF\nFROM alpine:3.23\nEOF\n```\n",
    fixed='```dockerfile title="Containerfile"\nFROM alpine:3.23\n```\n',
    check=heredoc_in_command_block,
)
