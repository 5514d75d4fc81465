"""CO109 InvalidHealthcheckTest."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    healthchecks,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

_HC_TEST_WORDS = ("CMD", "CMD-SHELL", "NONE")


def invalid_healthcheck_test(ctx: ComposeContext) -> Iterator[Hit]:
    for path, hc, owner in healthchecks(ctx):
        test = hc.get("test")
        # an empty list is accepted (`docker compose config` drops it)
        if isinstance(test, list) and test and test[0] not in _HC_TEST_WORDS:
            yield Hit((*path, "test", 0), {"service": owner, "first": f"'{test[0]}'"})


RULE = Rule(
    code="CO109",
    name="InvalidHealthcheckTest",
    kind=KIND,
    severity=Severity.ERROR,
    message='healthcheck `test` of service `{service}` must start with "CMD", "CMD-SHELL" or "NONE", not {first}',
    rationale="In list form the first item says how to run the check; anything else is refused by Compose (a string is run with the shell).",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    healthcheck:\n      test: [curl, -f http://localhost/]\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    healthcheck:\n      test: [CMD, curl, -f, http://localhost/]\n",
    check=invalid_healthcheck_test,
)
