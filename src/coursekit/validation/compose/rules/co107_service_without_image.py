"""CO107 ServiceWithoutImage."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    extends_target,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def _has_image(name: str, services: dict, seen: set[str]) -> bool:
    svc = services.get(name)
    if svc is None or name in seen:
        return True  # unknown base (other file, include, cycle): reported elsewhere
    if "image" in svc or "build" in svc:
        return True
    target, file = extends_target(svc)
    if target is None:
        return False
    if file is not None:
        return True
    return _has_image(target, services, seen | {name})


def service_without_image(ctx: ComposeContext) -> Iterator[Hit]:
    services = ctx.services
    for sname, svc in services.items():
        if not _has_image(sname, services, set()) and "provider" not in svc:
            yield Hit(("services", sname), {"service": sname}, at_key=True)


RULE = Rule(
    code="CO107",
    name="ServiceWithoutImage",
    kind=KIND,
    severity=Severity.ERROR,
    message="service `{service}` has neither `image` nor `build`: Compose cannot tell what to run",
    rationale="Every service needs an image to pull or a build to run ('has neither an image nor a build context specified'); extends can supply them.",
    example="services:\n  web:\n    ports:\n      - 8080:80\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    ports:\n      - 8080:80\n",
    scope="file",
    check=service_without_image,
)
