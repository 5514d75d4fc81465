"""CO002 DuplicateYamlKey."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import KIND, ComposeLoad
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def duplicate_keys(load: ComposeLoad) -> Iterator[tuple[int, int, dict]]:
    """Every key defined twice; the first definition's line is in ``first`` (0-based, mapped by the kind)."""
    problems = list(load.duplicates)
    if load.problem is not None and load.problem.kind == "duplicate":
        problems.append(load.problem)
    for p in problems:
        yield p.line, p.column, {"key": p.message.split("'")[1], "first": p.other_line}


RULE = Rule(
    "CO002",
    "DuplicateYamlKey",
    KIND,
    Severity.ERROR,
    "duplicate key '{key}' (first defined at line {first}): Compose rejects a key defined twice",
    "YAML libraries silently keep one of two equal keys; Compose refuses the file, so a slide that shows one must be wrong.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80\n    ports:\n      - 8443:443\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80\n      - 8443:443\n",
    check=duplicate_keys,
)
