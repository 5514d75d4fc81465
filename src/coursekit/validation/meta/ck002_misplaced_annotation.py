"""CK002 MisplacedAnnotation."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def misplaced_annotations(problems) -> Iterator[tuple[int, str]]:
    """(line, message) of annotations that are not directly above a fence."""
    for p in problems:
        if "never closed" not in p.message:
            yield p.line, p.message


RULE = Rule(
    "CK002",
    "MisplacedAnnotation",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "An annotation only applies to the fence right below it; a stray one silently checks nothing.",
    example="# Build it\n\n<!-- course-check: fragment -->\n\nThe recipe continues:\n\n```dockerfile\nRUN apk add --no-cache curl\n```\n",
    fixed="# Build it\n\nThe recipe continues:\n\n<!-- course-check: fragment -->\n```dockerfile\nRUN apk add --no-cache curl\n```\n",
    check=misplaced_annotations,
)
