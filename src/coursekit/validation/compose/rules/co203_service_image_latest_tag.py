"""CO203 ServiceImageLatestTag."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    service_images,
    split_image,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def image_latest(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in service_images(ctx):
        _name, tag, digest = split_image(resolved)
        if tag == "latest" and digest is None:
            yield Hit(path, {"image": image})


RULE = Rule(
    code="CO203",
    name="ServiceImageLatestTag",
    kind=KIND,
    severity=Severity.WARNING,
    message="image '{image}' uses `:latest`, which changes under the course; pin a version",
    rationale="`latest` is just a moving tag; a lab that works today may break next month.",
    example="services:\n  web:\n    image: nginx:latest\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n",
    check=image_latest,
)
