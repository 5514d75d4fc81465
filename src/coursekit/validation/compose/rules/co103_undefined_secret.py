"""CO103 UndefinedSecret."""

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


def undefined_secret(ctx: ComposeContext) -> Iterator[Hit]:
    yield from undefined_names(ctx, "secrets")


RULE = Rule(
    code="CO103",
    name="UndefinedSecret",
    kind=KIND,
    severity=Severity.ERROR,
    message="service `{service}` uses the secret `{name}`, which is not declared under the top-level `secrets:`",
    rationale="Compose refuses a service that uses an undeclared secret ('refers to undefined secret').",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    secrets: [site_cert]\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    secrets: [site_cert]\nsecrets:\n  site_cert:\n    environment: SITE_CERT\n",
    scope="file",
    check=undefined_secret,
)
