"""CF214 CopyAllBeforeDependencyInstall."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
    flag,
    run_script,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

# Dependency installs and the manifest files they read (for layer caching).
_DEPENDENCY_INSTALLS = (
    (re.compile(r"\bpip3?\b[^\n&;|]*\binstall\b[^\n&;|]*(?:-r|--requirement)[ =]"), ("requirements", "constraints")),
    (re.compile(r"\b(?:poetry install|uv sync|pipenv install)\b"), ("pyproject.toml", "poetry.lock", "uv.lock", "pipfile")),
    (
        re.compile(r"\b(?:npm (?:ci|install|i)|yarn(?: install)?|pnpm (?:install|i))(?:\s+--?[\w-]+(?:=\S+)?)*\s*(?:$|&&|;|\|)", re.MULTILINE),
        ("package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml"),
    ),
    (re.compile(r"\bgo mod download\b"), ("go.mod", "go.sum")),
    (re.compile(r"\bmvn\b[^\n&;|]*\bdependency:(?:go-offline|resolve)\b"), ("pom.xml",)),
    (re.compile(r"\bbundle install\b"), ("gemfile",)),
    (re.compile(r"\bcomposer install\b"), ("composer.json", "composer.lock")),
)


_PLAIN_FILES = ("gemfile", "pipfile", "makefile", "dockerfile", "containerfile", "license", "readme", "procfile", "justfile")


def _broad_source(src: str) -> bool:
    """``.``, ``./``, a folder (``app/``) or a name without an extension (``/mypy``): copies a whole tree."""
    if src in (".", "./") or src.endswith("/"):
        return True
    base = os.path.basename(src).lower()
    return bool(base) and "." not in base and "*" not in base and base not in _PLAIN_FILES and "$" not in src


def copy_all_before_dependency_install(ctx: Context) -> Iterable[Finding]:
    groups = [ctx.preamble, *([s.instr, *s.instructions] for s in ctx.stages)] if ctx.stages else [ctx.parsed.instructions]
    for instructions in groups:
        broad: cfp.Instruction | None = None
        manifests: list[str] = []
        for instr in instructions:
            if instr.cmd == "COPY" and flag(instr, "from") is None and not instr.heredocs and len(instr.args) >= 2:
                sources = instr.args[:-1]
                manifests.extend(os.path.basename(s.rstrip("/")).lower() for s in sources if not _broad_source(s))
                if broad is None and any(_broad_source(s) for s in sources):
                    broad = instr
            elif instr.cmd == "RUN" and broad is not None:
                script = run_script(instr)
                for pattern, names in _DEPENDENCY_INSTALLS:
                    if pattern.search(script) and not any(m.startswith(n) for m in manifests for n in names):
                        src = next(s for s in broad.args[:-1] if _broad_source(s))
                        yield ctx.at(RULE, broad, src, src=src, run_line=ctx.artifact.position(instr.start_line)[1])
                        broad = None
                        break


RULE = Rule(
    code="CF214",
    name="CopyAllBeforeDependencyInstall",
    kind=KIND,
    severity=W,
    message="COPY {src} copies all sources before the dependency install on line {run_line}: copy only the dependency manifest first, then install, then copy the rest",
    rationale="Every source change then invalidates the cached dependency layer and reinstalls everything; copying the manifest first keeps that layer cached.",
    example="FROM python:3.13-alpine\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
    fixed="FROM python:3.13-alpine\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n",
    check=copy_all_before_dependency_install,
)
