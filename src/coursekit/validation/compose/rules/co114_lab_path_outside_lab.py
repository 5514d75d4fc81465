"""CO114 LabPathOutsideLab."""

from __future__ import annotations

import os
from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    build_paths,
    lab_paths,
    lab_root,
    outside_lab,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def lab_path_outside_lab(ctx: ComposeContext) -> Iterator[Hit]:
    if ctx.lab_dir is None:
        return
    root = lab_root(ctx.lab_dir)
    folder = "/".join(root.split(os.sep)[-3:])
    for path, what, rel in list(lab_paths(ctx)) + list(build_paths(ctx)):
        if "$" in rel or os.path.isabs(rel) or rel.startswith("~"):
            continue
        if outside_lab(ctx.lab_dir, os.path.normpath(os.path.join(ctx.lab_dir, rel))):
            if what in ("Dockerfile", "build.dockerfile") and outside_lab(ctx.lab_dir, os.path.dirname(os.path.normpath(os.path.join(ctx.lab_dir, rel)))):
                continue  # its build context is reported
            yield Hit(path, {"what": what, "name": rel, "folder": folder})


RULE = Rule(
    code="CO114",
    name="LabPathOutsideLab",
    kind=KIND,
    severity=Severity.ERROR,
    message="{what} '{name}' leaves the lab's folder ({folder}): the trainee's download does not contain it",
    rationale="A lab is downloaded as its own folder (exercises/<id>/files or solution); a bind mount, build context, env_file, include or "
    "secret/config file reached with '..' (or through a symlink) points at another exercise or at the trainee's own machine "
    "('../../../etc/hosts') and works only in the course repository.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    volumes:\n      - ../../shared:/usr/share/nginx/html:ro\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    volumes:\n      - .:/usr/share/nginx/html:ro\n",
    example_path="exercises/first-run/files/compose.yaml",
    check=lab_path_outside_lab,
)
