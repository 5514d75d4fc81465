"""MkDocs hook: the reveal.js slide decks built from the module pages.

Thin adapter over ``coursekit.deck.builder`` (HTML -> slides) and
``coursekit.deck.site`` (decks, links, assets); see the handbook, "Slides and speaker notes".
"""

from __future__ import annotations

import posixpath
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import coursekit.deck.builder as deck_builder
import coursekit.deck.site as deck_site
import coursekit.site.session as session
from coursekit.errors import SourceError

log = get_plugin_logger(__name__)


def on_files(files, config):
    session.current().deck.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    return files


def _relative(target: str, page_url: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_url) or ".")


def _insert_after_h1(html: str, snippet: str) -> str:
    end = html.find("</h1>")
    return html[: end + 5] + snippet + html[end + 5 :] if end >= 0 else snippet + html


def on_page_content(html, page, config, files):
    course = session.current().course
    src = page.file.src_uri
    module = next((m for m in course.modules if m.src_path == src), None)
    if module is not None:
        slides = deck_builder.split_slides(html)
        session.current().deck.slides[module.id] = deck_site.ModuleSlides(module, page.url, slides)
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
    s = session.current()
    started = time.perf_counter()
    ctx = deck_site.DeckContext(s.course, s.deck.urls, s.book.policy.audience == "trainee", s.version)
    try:
        written = deck_site.write_decks(config.site_dir, s.deck.slides, ctx)
    except SourceError as exc:
        raise PluginError(f"deck: {exc}") from None
    log.info("deck: wrote %d files (%d module decks) in %.2f s", len(written), len(s.course.modules), time.perf_counter() - started)
