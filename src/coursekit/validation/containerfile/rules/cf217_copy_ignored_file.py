"""CF217 CopyIgnoredFile: BuildKit's check of the same name."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable

import pathspec

from coursekit.validation.containerfile.context import KIND, Context, W, flag, skip_value
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

#: Ignore files BuildKit (``<Containerfile>.dockerignore`` first, then ``.dockerignore``) and
#: Podman/Buildah (``.containerignore``) read from the build context.
IGNORE_FILES = ("{name}.dockerignore", ".dockerignore", ".containerignore")


def ignore_spec(context_dir: str, containerfile: str) -> tuple[str, pathspec.PathSpec] | None:
    """(ignore file, its patterns) for a build context, with .dockerignore semantics.

    Docker matches each pattern against the whole path from the context root (``*.md`` is
    only the root's Markdown files, ``**/*.md`` all of them) and a match excludes what is below
    it: git's patterns anchored at the root (a leading ``/``) mean the same."""
    for pattern in IGNORE_FILES:
        path = os.path.join(context_dir, pattern.format(name=os.path.basename(containerfile)))
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = []
                for raw in fh.read().splitlines():
                    line = raw.strip()
                    if not line or line.startswith("#"):
                        continue
                    negate, body = (line[0] == "!", line[1:].strip()) if line[0] == "!" else (False, line)
                    body = posixpath.normpath(body.lstrip("/")) if body.lstrip("/") else ""
                    if body and body != ".":
                        lines.append(("!" if negate else "") + "/" + body)
            return os.path.basename(path), pathspec.PathSpec.from_lines("gitignore", lines)
    return None


def copy_ignored_file(ctx: Context) -> Iterable[Finding]:
    source = ctx.artifact.source_path
    if not ctx.artifact.is_file or not source:
        return
    found = ignore_spec(os.path.dirname(source), source)
    if found is None:
        return
    ignore_file, spec = found
    for instr in ctx.all_instructions():
        if instr.cmd not in ("COPY", "ADD") or instr.heredocs or instr.error or flag(instr, "from") or len(instr.args) < 2:
            continue
        for src in instr.args[:-1]:
            if skip_value(ctx, src) or "://" in src or any(c in src for c in "*?["):
                continue
            rel = posixpath.normpath(src.lstrip("/"))
            if rel not in (".", "") and spec.match_file(rel):
                yield ctx.at(RULE, instr, src, src=src, ignore_file=ignore_file)


RULE = Rule(
    code="CF217",
    name="CopyIgnoredFile",
    kind=KIND,
    severity=W,
    message="'{src}' is excluded from the build context by {ignore_file}: COPY/ADD cannot find it",
    rationale="Docker's CopyIgnoredFile: the build context is sent without what the ignore file excludes, so a COPY of such a "
    "file fails ('not found') although the file is right there in the lab folder. Checked for lab files, against the "
    ".dockerignore (or Containerfile.dockerignore, .containerignore) beside them.",
    scope="file",
    example="printf '*.md\\n' > exercises/first-run/files/.dockerignore\n"
    "printf 'FROM alpine:3.24\\nCOPY README.md /app/\\n' > exercises/first-run/files/Containerfile\n",
    fixed="printf '*.md\\n!README.md\\n' > exercises/first-run/files/.dockerignore\n"
    "printf 'FROM alpine:3.24\\nCOPY README.md /app/\\n' > exercises/first-run/files/Containerfile\n",
    check=copy_ignored_file,
    example_path="sh",
)
