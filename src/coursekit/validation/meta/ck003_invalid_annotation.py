"""CK003 InvalidAnnotation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from coursekit.markdown.blocks import Annotation
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

#: hadolint's own rule codes and ShellCheck's (its RUN checks): ignorable one by one in annotations.
HADOLINT_CODE = re.compile(r"^(?:DL|SC)\d{4}$", re.IGNORECASE)


def annotation_problems(annotation: Annotation, resolve: Callable[[str], str | None]) -> Iterator[str]:
    """What is wrong with an annotation: its own problems (unknown keywords, a suppression
    without its reason) and rule names that ``resolve`` does not know."""
    yield from annotation.problems
    for code_or_name in annotation.ignore:
        if resolve(code_or_name) is None and not HADOLINT_CODE.match(code_or_name):
            yield f"annotation names unknown rule '{code_or_name}'"
    for code_or_name in annotation.expect:
        if resolve(code_or_name) is None and HADOLINT_CODE.match(code_or_name):
            yield f"'expect {code_or_name}': a hadolint code can only be ignored (hadolint is an optional engine, so its findings cannot be expected)"
        elif resolve(code_or_name) is None:
            yield f"annotation names unknown rule '{code_or_name}'"


RULE = Rule(
    "CK003",
    "InvalidAnnotation",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "Annotations with unknown keywords or rule codes, or suppressions without a reason, hide problems instead of documenting them.",
    example="# Build it\n\n<!-- course-check: ignore DL3007 -->\n```dockerfile\nFROM alpine:latest\n```\n",
    fixed="# Build it\n\n<!-- course-check: ignore DL3007 -- the next exercise pins the tag -->\n```dockerfile\nFROM alpine:latest\n```\n",
    check=annotation_problems,
)
