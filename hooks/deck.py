"""MkDocs hook: the reveal.js slide decks built from the module pages.

Thin adapter over ``coursekit.deck_builder`` (HTML -> slides) and
``coursekit.deck_site`` (decks, links, assets); see README "Slides".
"""

from __future__ import annotations

import posixpath
import time

import coursekit.audience as audience
import coursekit.deck_builder as deck_builder
import coursekit.deck_site as deck_site
from coursekit.errors import SourceError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)
_state: dict = {}


def on_config(config):
    # Kept across rebuilds of `mkdocs serve --dirty`, which renders changed pages only.
    _state.setdefault("slides", {})
    return config


def on_files(files, config):
    _state["urls"] = {f.src_uri: f.url for f in files.documentation_pages()}
    return files


def _relative(target: str, page_url: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_url) or ".")


def _insert_after_h1(html: str, snippet: str) -> str:
    end = html.find("</h1>")
    return html[: end + 5] + snippet + html[end + 5 :] if end >= 0 else snippet + html


def on_page_content(html, page, config, files):
    course = config.extra["course_model"]
    src = page.file.src_uri
    module = next((m for m in course.modules if m.src_path == src), None)
    if module is not None:
        slides = deck_builder.split_slides(html)
        _state["slides"][module.id] = deck_site.ModuleSlides(module, page.url, slides)
        html = deck_site.link_headings_to_slides(html, module.id, page.url, {s.heading_id for s in slides if s.level > 1})
        link = _relative(deck_site.deck_url(module.id), page.url)
        return _insert_after_h1(
            html,
            f'<p class="course-present" data-search-exclude><a class="md-button md-button--primary" href="{link}" title="Show this module as slides (reveal.js)">Present</a></p>',
        )
    if src == "index.md":
        link = _relative(deck_site.deck_url(), page.url)
        return _insert_after_h1(
            html,
            f'<p class="course-present" data-search-exclude><a class="md-button md-button--primary" href="{link}" '
            f'title="Show the whole course as slides (reveal.js)">Present the course</a></p>',
        )
    # --- Exercise pages: a link back to the slide that assigns the exercise. -------------
    # The book hook (issue 6) writes a facts box with an ``a.exercise-slide-link`` to the
    # module deck; point it at the exercise's own slide (``#/exercise-<id>``).  Without
    # that box, add a small link of our own.
    parts = src.split("/")
    if len(parts) == 3 and parts[0] == "exercises" and parts[2] == "index.md" and parts[1] in course.exercises:
        url = deck_site.slide_url_for_exercise(course, parts[1], page.url)
        if url:
            return deck_site.link_exercise_to_slide(html, url, course, parts[1])
    return html


def on_post_build(config):
    course = config.extra["course_model"]
    started = time.perf_counter()
    ctx = deck_site.DeckContext(course, _state.get("urls", {}), audience.is_trainee(), str(config.extra.get("course_version") or ""))
    try:
        written = deck_site.write_decks(config.site_dir, _state["slides"], ctx)
    except SourceError as exc:
        raise PluginError(f"deck: {exc}") from None
    log.info("deck: wrote %d files (%d module decks) in %.2f s", len(written), len(course.modules), time.perf_counter() - started)
