"""CO003 UnsafeYaml."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import KIND, ComposeLoad
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unsafe_yaml(load: ComposeLoad) -> Iterator[tuple[int, int, dict]]:
    """An alias bomb, a huge or absurdly deep document: refused before anything walks it."""
    if load.problem is not None and load.problem.kind == "unsafe":
        yield load.problem.line, load.problem.column, {"detail": load.problem.message}


_BOMB = "".join(f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 9) + "]\n" for i in range(1, 10))

RULE = Rule(
    "CO003",
    "UnsafeYaml",
    KIND,
    Severity.ERROR,
    "{detail}",
    "A compose block is untrusted input: an alias bomb of a few hundred bytes, huge or absurdly deep documents must be refused quickly instead of exhausting memory.",
    example="x0: &x0 [lol]\n" + _BOMB + "services:\n  web:\n    image: nginx:1.29-alpine\n    labels: [*x9]\n",
    fixed="x-common: &common [lol]\nservices:\n  web:\n    image: nginx:1.29-alpine\n    labels: *common\n",
    check=unsafe_yaml,
)
