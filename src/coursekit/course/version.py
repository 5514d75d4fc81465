"""The course version, shown on every page, slide deck and PDF and in the release zip's name.

Computed from git like ``git describe --tags --always --dirty``: the newest tag
reachable from HEAD plus the distance and commit (``v1.2-3-gabc1234``), or the
abbreviated commit when there is no tag, with ``-dirty`` when tracked files have
uncommitted changes.  The value is deterministic for a given commit (and work
tree state).  Outside a git checkout (a source tarball, a temporary fixture
course) it falls back to the ``COURSE_VERSION`` environment variable, then to
``"unversioned"``.  ``COURSE_VERSION`` set explicitly always wins, so a release
pipeline can stamp its own version.
"""

from __future__ import annotations

import os
import re
import subprocess

from coursekit import settings

UNVERSIONED = "unversioned"
_SAFE = re.compile(r"[^A-Za-z0-9._+-]+")


def _git(root: str, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", root, *args],
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def is_git_root(root: str) -> bool:
    """True when ``root`` itself is the top of a git work tree (not a folder nested in one)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    return bool(top) and os.path.realpath(top) == os.path.realpath(root)


def course_version(root: str, environ: dict | None = None) -> str:
    """The course version for the project at ``root`` (see module docstring)."""
    explicit = settings.explicit_version(environ)
    if explicit:
        return safe(explicit)
    if is_git_root(root):
        described = _git(root, "describe", "--tags", "--always", "--dirty", "--abbrev=10")
        if described:
            return safe(described)
    return UNVERSIONED


def safe(version: str) -> str:
    """A version usable in file names and URLs (``release/1.0 beta`` -> ``release-1.0-beta``)."""
    return _SAFE.sub("-", version.strip()).strip("-") or UNVERSIONED
