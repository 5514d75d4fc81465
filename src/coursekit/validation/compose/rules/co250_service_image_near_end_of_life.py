"""CO250 ServiceImageNearEndOfLife."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import KIND, ComposeContext, Hit, service_images
from coursekit.validation.findings import Severity
from coursekit.validation.image_eol import eol_soon
from coursekit.validation.rules import Rule


def image_near_end_of_life(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in service_images(ctx):
        soon = eol_soon(resolved, ctx.today)
        if soon:
            eol, hint = soon
            yield Hit(path, {"image": image, "eol": eol.isoformat(), "days": (eol - ctx.today).days, "hint": hint})


RULE = Rule(
    "CO250",
    "ServiceImageNearEndOfLife",
    KIND,
    Severity.WARNING,
    "image '{image}' reaches its end of support on {eol}, in {days} days: move to {hint} before then",
    "Warns WARNING_HORIZON (90 days) before CO204 turns the same image into an error, so maintainers move the course before the build breaks (same table as CF250).",
    example="services:\n  api:\n    image: golang:1.26-alpine\n",
    fixed="services:\n  api:\n    image: golang:1.27-alpine\n",
    check=image_near_end_of_life,
)
