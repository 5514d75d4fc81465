"""CO204 ServiceImageEndOfLife."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    service_images,
)
from coursekit.validation.findings import Severity
from coursekit.validation.image_eol import eol_status
from coursekit.validation.rules import Rule


def image_end_of_life(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in service_images(ctx):
        status = eol_status(resolved, ctx.today)
        if status:
            eol, hint = status
            yield Hit(path, {"image": image, "eol": eol.isoformat(), "hint": hint})


RULE = Rule(
    code="CO204",
    name="ServiceImageEndOfLife",
    kind=KIND,
    severity=Severity.ERROR,
    message="image '{image}' is past its end of support ({eol}): no more security fixes; use {hint}",
    rationale="End-of-life images get no security fixes and the course would teach them to every trainee, so this is an error, as in Containerfiles (CF200; same table, coursekit.validation.image_eol; COURSE_CHECK_DATE pins the date).",
    example="services:\n  db:\n    image: postgres:12\n",
    fixed="services:\n  db:\n    image: postgres:17\n",
    check=image_end_of_life,
)
