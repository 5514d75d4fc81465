"""CK004 InvalidSnippet."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.markdown.blocks import CodeBlock
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def snippet_problems(block: CodeBlock, code: str = "CK004") -> Iterator[tuple[str, int, str]]:
    """(path, line, message) of the block's snippets that cannot be included ("" path: the page itself)."""
    for where, line, problem_code, message in block.snippet_problems:
        if problem_code == code:
            yield where, line, message


RULE = Rule(
    "CK004",
    "InvalidSnippet",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A snippet that is missing or points outside the repository would render an empty or foreign block.",
    example='# Run it\n\n```dockerfile title="Containerfile"\n--8<-- "exercises/first-run/files/Containerfil"\n```\n',
    fixed='# Run it\n\n```dockerfile title="Containerfile"\n--8<-- "exercises/first-run/files/Containerfile"\n```\n',
    check=snippet_problems,
)
