"""CK012 ModuleDurationTooShort (found while loading the course: see ``ck009_invalid_course_source``)."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule


def short_modules(root: str, paths: Iterable[str] | None = None) -> list[Finding]:
    """The modules (and variant ``durations`` entries) shorter than the exercises they assign."""
    from coursekit.validation.meta.ck009_invalid_course_source import check_course  # the one loader of both rules

    return [f for f in check_course(root, paths) if f.code == RULE.code]


RULE = Rule(
    "CK012",
    "ModuleDurationTooShort",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A module's duration includes its exercises and demos; one shorter than their sum is a contradiction the agenda would print as the plan "
    "(basics at 15 min with 43 min of labs), so the day overruns. An error, not a warning: the number is wrong, and the fix (raise it, move "
    "an exercise) is one line. A variant's 'durations' entry must likewise cover the exercises it keeps.",
    example="---\ntitle: Basics\nduration: 5\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    fixed="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    check=short_modules,
    example_path="docs/modules/basics.md",
)
