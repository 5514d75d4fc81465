"""CO001 ComposeYamlSyntax."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import KIND, ComposeLoad
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def yaml_syntax(load: ComposeLoad) -> Iterator[tuple[int, int, dict]]:
    """(0-based line, column, message fields) of a YAML syntax error."""
    if load.problem is not None and load.problem.kind == "syntax":
        yield load.problem.line, load.problem.column, {"detail": load.problem.message}


RULE = Rule(
    "CO001",
    "ComposeYamlSyntax",
    KIND,
    Severity.ERROR,
    "{detail}",
    "A compose file that is not valid YAML is rejected before Compose looks at it; tabs in the indentation are the classic cause.",
    example="services:\n  web:\n\timage: nginx:1.29-alpine\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n",
    check=yaml_syntax,
)
