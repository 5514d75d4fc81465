"""CO104 UndefinedConfig."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    undefined_names,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def undefined_config(ctx: ComposeContext) -> Iterator[Hit]:
    yield from undefined_names(ctx, "configs")


RULE = Rule(
    code="CO104",
    name="UndefinedConfig",
    kind=KIND,
    severity=Severity.ERROR,
    message="service `{service}` uses the config `{name}`, which is not declared under the top-level `configs:`",
    rationale="Compose refuses a service that uses an undeclared config ('refers to undefined config').",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    configs: [site]\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    configs: [site]\nconfigs:\n  site:\n    content: |\n      server { listen 80; }\n",
    scope="file",
    check=undefined_config,
)
