"""Who a build is for: ``COURSE_AUDIENCE=instructor`` (default) or ``trainee``.

Trainee builds drop instructor notes, demos and (configurable) solutions from
pages, decks, search index and archives.
"""

from __future__ import annotations

from coursekit import settings

AUDIENCES = settings.AUDIENCES


def current(environ: dict | None = None) -> str:
    return settings.audience(environ)


def is_trainee(environ: dict | None = None) -> bool:
    return current(environ) == "trainee"
