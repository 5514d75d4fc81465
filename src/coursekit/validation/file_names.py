"""Which files are Containerfiles and compose files, by name, as Docker's own tooling and the
common linters name them; and why a file that looks like one is skipped.

* Containerfiles: ``Dockerfile``, ``Containerfile``, ``*.Dockerfile``/``*.Containerfile``
  and the variants ``Dockerfile.<x>``/``Dockerfile-<x>`` (any case);
* compose files: ``compose*.y(a)ml`` and ``docker-compose*.y(a)ml`` (``compose.yaml``,
  ``compose.override.yml``, ``docker-compose-dev.yml``);
* never a file whose last suffix says it is something else: a template that generates one
  (``Dockerfile.template``, ``Dockerfile.j2``, ``compose.yaml.tmpl``) or code, data or text
  about one (``dockerfile.min.js``, ``Dockerfile.md``, ``.dockerignore``).
"""

from __future__ import annotations

import os
import re

_CONTAINERFILE = re.compile(r"^(?:(?:dockerfile|containerfile)(?:[.-][^/]+)?|[^/]+\.(?:dockerfile|containerfile))$", re.IGNORECASE)
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
#: Looks like a Docker file by name (reported when skipped).
_LOOKS_LIKE = re.compile(r"(?:dockerfile|containerfile|compose)", re.IGNORECASE)

#: Last suffixes of files that generate a Docker file rather than being one.
TEMPLATE_SUFFIXES = (".template", ".tmpl", ".tpl", ".j2", ".jinja", ".jinja2", ".in", ".erb", ".mustache", ".hbs", ".gotmpl", ".dist", ".example", ".sample")
#: Last suffixes of code, data, text and leftovers.
OTHER_SUFFIXES = (
    ".js", ".mjs", ".cjs", ".ts", ".map", ".css", ".py", ".rb", ".go", ".sh", ".ps1", ".json", ".toml", ".xml",
    ".md", ".rst", ".txt", ".html", ".htm", ".svg", ".png", ".lock", ".orig", ".bak", ".rej", ".swp", ".patch", ".diff",
    ".dockerignore", ".containerignore", ".gitignore",
)  # fmt: skip


def skip_reason(name: str) -> str:
    """Why a file whose name looks like a Docker file is not checked as one ('' when it is checked, or looks like none)."""
    base = os.path.basename(name.strip().replace("\\", "/"))
    low = base.lower()
    if not _LOOKS_LIKE.search(low) or low.endswith(".md") or is_containerfile_name(base) or is_compose_file_name(base):
        return ""
    if low.endswith(TEMPLATE_SUFFIXES):
        return f"a template ({os.path.splitext(low)[1]}) that generates a Docker file, not one"
    if low.endswith(OTHER_SUFFIXES):
        return f"a {os.path.splitext(low)[1]} file, not a Containerfile or compose file"
    return ""


def _other(low: str) -> bool:
    return low.endswith(TEMPLATE_SUFFIXES) or low.endswith(OTHER_SUFFIXES)


def is_containerfile_name(name: str) -> bool:
    """``Dockerfile``, ``Containerfile``, ``app.Dockerfile``, ``Dockerfile.dev``, ``Dockerfile-dev`` (any case)."""
    base = os.path.basename(name.strip().replace("\\", "/"))
    return bool(_CONTAINERFILE.match(base)) and not _other(base.lower())


def is_compose_file_name(name: str) -> bool:
    """``compose.yaml``, ``compose.override.yml``, ``docker-compose.yml``, ``docker-compose-dev.yml`` (any case)."""
    base = os.path.basename(name.strip().replace("\\", "/"))
    return bool(_COMPOSE.match(base))
