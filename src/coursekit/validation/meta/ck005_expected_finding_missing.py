"""CK005 ExpectedFindingMissing."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def missing_expectations(expected: list[str], seen: set[str]) -> Iterator[dict]:
    """The message fields for each expected rule code that no finding of the block has."""
    for code in expected:
        if code not in seen:
            yield {"code": code}


RULE = Rule(
    "CK005",
    "ExpectedFindingMissing",
    "markdown",
    Severity.ERROR,
    "expected finding {code} no longer occurs in this deliberate bad example",
    "A bad example that no longer shows its mistake teaches the wrong lesson; keep it bad or drop the expectation.",
    example="# Tags\n\n<!-- course-check: expect LatestTag -->\n```dockerfile\nFROM alpine:3.23\n```\n",
    fixed="# Tags\n\n<!-- course-check: expect LatestTag -->\n```dockerfile\nFROM alpine:latest\n```\n",
    check=missing_expectations,
)
