"""CK001 UnclosedFence."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unclosed_fences(problems) -> Iterator[tuple[int, str]]:
    """(line, message) of the fences the page never closes, from the block extraction's problems."""
    for p in problems:
        if "never closed" in p.message:
            yield p.line, p.message


RULE = Rule(
    "CK001",
    "UnclosedFence",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "An unclosed fence swallows the rest of the page into one code block; nothing after it renders.",
    example="# Run it\n\n```console\n$ docker container run --rm alpine:3.23 echo hi\n\nThen look at the output.\n",
    fixed="# Run it\n\n```console\n$ docker container run --rm alpine:3.23 echo hi\n```\n\nThen look at the output.\n",
    check=unclosed_fences,
)
