"""CO004 UnknownComposeKey."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import KIND, ComposeContext, Hit
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unknown_key(ctx: ComposeContext) -> Iterator[Hit]:
    for error in ctx.schema_errors:
        if error.unknown_key and not ctx.about_placeholder(error.path):
            yield Hit(error.path, {"detail": error.message}, at_key=error.at_key)


RULE = Rule(
    "CO004",
    "UnknownComposeKey",
    KIND,
    Severity.ERROR,
    "{detail}",
    "Compose rejects keys the Compose Specification does not define; a mis-indented or misspelt key is the most common mistake in compose files.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    port:\n      - 8080:80\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80\n",
    check=unknown_key,
)
