"""CO202 ServiceImageWithoutTag."""

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


def image_without_tag(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in service_images(ctx):
        _name, tag, digest = split_image(resolved)
        # With build:, image: names what Compose builds here (nothing is pulled): no tag needed.
        if tag is None and digest is None and "build" not in ctx.services[path[1]]:
            yield Hit(path, {"image": image})


RULE = Rule(
    code="CO202",
    name="ServiceImageWithoutTag",
    kind=KIND,
    severity=Severity.WARNING,
    message="image '{image}' has no tag: it means `:latest`, which changes under the course; pin a version",
    rationale="An untagged image pulls whatever `latest` is on the day of the course; labs must behave the same every time. "
    "A service with build: only names the image it builds, so it needs no tag.",
    example="services:\n  web:\n    image: nginx\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n",
    check=image_without_tag,
)
