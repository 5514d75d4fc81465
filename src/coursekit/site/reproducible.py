"""Reproducible output: every date the build writes comes from ``SOURCE_DATE_EPOCH``.

Two clean builds of the same sources must give byte-identical sites (issue 9).
MkDocs writes the build date into ``sitemap.xml`` (``<lastmod>``) and the build
time into the gzip header of ``sitemap.xml.gz``; both follow ``SOURCE_DATE_EPOCH``
when it is set (https://reproducible-builds.org/specs/source-date-epoch/), and the
lab archives use it too (``coursekit.book.lab_archives``).  When the caller did not
set it, the build pins it to the time of the last git commit of the course (so
``lastmod`` still means "last change of the sources"), or outside a git checkout
to ``book.lab_archives.DEFAULT_EPOCH`` (2000-01-01).  A value set by the caller always wins.
"""

from __future__ import annotations

import os

from coursekit import settings
from coursekit.book.lab_archives import DEFAULT_EPOCH
from coursekit.course.version import _git, is_git_root

VARIABLE = "SOURCE_DATE_EPOCH"
_pinned: dict[str, str | None] = {"value": None}


def commit_epoch(root: str) -> int:
    """Commit time of HEAD when ``root`` is a git checkout, else DEFAULT_EPOCH."""
    if is_git_root(root):
        stamp = _git(root, "log", "-1", "--format=%ct", "HEAD")
        if stamp and stamp.isdigit():
            return int(stamp)
    return DEFAULT_EPOCH


def pin_source_date_epoch(root: str, environ: dict | None = None) -> int | None:
    """Set ``SOURCE_DATE_EPOCH`` for this build unless the caller set it; returns the pinned value
    (None when the caller's value is kept).  Re-pinned on every rebuild of a long-running serve."""
    current = settings.raw_source_date_epoch(environ)
    if current and current != _pinned["value"]:
        return None  # the caller's choice
    value = commit_epoch(root)
    settings.pin_source_date_epoch(value, environ)
    _pinned["value"] = str(value)
    return value
