"""MkDocs hook: fast and correct rebuilds in ``mkdocs serve --dirty`` (``nox -s serve``).

Thin adapter over ``coursekit.site.serve_rebuilds``; a no-op in ``mkdocs build``.
"""

from __future__ import annotations

import os

from mkdocs.plugins import event_priority, get_plugin_logger

import coursekit.site.serve_rebuilds as serve_speed
import coursekit.site.session as session

log = get_plugin_logger(__name__)


def on_startup(command, dirty):
    serve_speed.startup()  # hooks/course_sources.py started the session


@event_priority(-100)  # after the other hooks have added exercise pages
def on_files(files, config):
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    for uri in serve_speed.invalidate_stale_pages(files, root):
        log.debug("rebuilding %s: a file it shows changed", uri)
    s = session.current()
    error = str(s.structure_error) if s.structure_error else None  # appearing or going: every page rebuilds
    refreshed = serve_speed.refresh_course_pages(files, s.course, config.nav, error)
    if refreshed is None:
        log.info("rebuilding every page: the course's navigation, variant or structure changed")
    elif refreshed:
        log.info("also rebuilding %s: they show what changed (front matter, checkpoints, notes)", ", ".join(refreshed))
    return files


def on_env(env, config, files):
    return serve_speed.template_cache(env)


def on_serve(server, config, builder):
    return serve_speed.faster_polling(server)
