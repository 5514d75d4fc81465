"""CF250 BaseImageNearEndOfLife."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation import image_eol
from coursekit.validation.containerfile.context import KIND, Context, W, skip_value
from coursekit.validation.containerfile.rules.cf200_end_of_life_base_image import eol_refs
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def base_image_near_end_of_life(ctx: Context) -> Iterable[Finding]:
    for instr, written, ref in eol_refs(ctx):
        if skip_value(ctx, ref):
            continue
        soon = image_eol.eol_soon(ref, ctx.today)
        if soon:
            eol, hint = soon
            yield ctx.at(RULE, instr, written, ref=ref, date=eol.isoformat(), days=(eol - ctx.today).days, hint=hint)


RULE = Rule(
    "CF250",
    "BaseImageNearEndOfLife",
    KIND,
    W,
    "base image '{ref}' reaches its end of support on {date}, in {days} days: move to {hint} before then",
    "Warns WARNING_HORIZON (90 days) before CF200 turns the same image into an error, so maintainers move the course before the build breaks. Dates: coursekit/validation/image_eol.py.",
    example="FROM golang:1.26-alpine\nRUN go version\n",
    fixed="FROM golang:1.27-alpine\nRUN go version\n",
    check=base_image_near_end_of_life,
)
