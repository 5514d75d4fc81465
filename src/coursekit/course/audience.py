"""Who a build is for: ``COURSE_AUDIENCE=instructor`` (default) or ``trainee``.

Trainee builds drop instructor notes, demos and (configurable) solutions from
pages, decks, search index and archives.
"""

from __future__ import annotations

import os

AUDIENCES = ("instructor", "trainee")


def current(environ: dict | None = None) -> str:
    value = (environ if environ is not None else os.environ).get("COURSE_AUDIENCE", "instructor").strip().lower() or "instructor"
    if value not in AUDIENCES:
        from coursekit.errors import SourceError

        raise SourceError(f"COURSE_AUDIENCE must be one of {', '.join(AUDIENCES)}, not {value!r}")
    return value


def is_trainee(environ: dict | None = None) -> bool:
    return current(environ) == "trainee"
