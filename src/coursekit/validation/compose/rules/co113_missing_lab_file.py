"""CO113 MissingLabFile."""

from __future__ import annotations

import os
from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    build_paths,
    lab_paths,
    outside_lab,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def missing_lab_file(ctx: ComposeContext) -> Iterator[Hit]:
    if ctx.lab_dir is None:
        return
    missing_contexts: set[str] = set()
    for path, what, rel in list(lab_paths(ctx)) + list(build_paths(ctx)):
        if "$" in rel or os.path.isabs(rel) or rel.startswith("~"):
            continue
        full = os.path.normpath(os.path.join(ctx.lab_dir, rel))
        if outside_lab(ctx.lab_dir, full):
            continue  # CO114
        if os.path.exists(full):
            continue
        if what == "build context":
            missing_contexts.add(full)
        elif what in ("Dockerfile", "build.dockerfile") and os.path.dirname(full) in missing_contexts:
            continue  # the missing context is the problem
        hint = ""
        if what == "Dockerfile" and os.path.exists(os.path.join(os.path.dirname(full), "Containerfile")):
            hint = ": Compose does not fall back to `Containerfile`; set `dockerfile: Containerfile` under `build:`"
        elif what == "build context" or what == "bind-mount source":
            hint = " (ship the folder with the lab)"
        yield Hit(path, {"what": what, "name": rel, "hint": hint})


RULE = Rule(
    code="CO113",
    name="MissingLabFile",
    kind=KIND,
    severity=Severity.ERROR,
    message="{what} '{name}' does not exist beside this compose file{hint}",
    rationale="A lab's compose file is downloaded with its folder; a bind mount, build context, env_file, include or secret/config file that is not shipped fails in the classroom.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    volumes:\n      - ./site.conf:/etc/nginx/conf.d/default.conf:ro\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    volumes:\n      - ./compose.yaml:/srv/compose.yaml:ro\n",
    example_path="exercises/first-run/files/compose.yaml",
    check=missing_lab_file,
)
