"""CO201 ObsoleteVersionKey."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def obsolete_version(ctx: ComposeContext) -> Iterator[Hit]:
    if isinstance(ctx.data, dict) and "version" in ctx.data:
        yield Hit(("version",), {}, at_key=True)


RULE = Rule(
    code="CO201",
    name="ObsoleteVersionKey",
    kind=KIND,
    severity=Severity.WARNING,
    message="the top-level `version` is obsolete: Compose v2 ignores it and warns; remove it",
    rationale="The Compose Specification dropped file versions; `version:` only produces a warning and suggests a v1-era file.",
    example='version: "3.8"\nservices:\n  web:\n    image: nginx:1.29-alpine\n',
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n",
    check=obsolete_version,
)
