"""MkDocs hook: the reveal.js slide decks built from the module pages.

Thin adapter over ``coursekit.deck.site`` (slides collected from the pages, decks, links, assets;
HTML -> slides in ``coursekit.deck.builder``); see the handbook, "Slides and speaker notes".
"""

from __future__ import annotations

import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import coursekit.deck.site as deck_site
import coursekit.site.session as session
from coursekit.errors import SourceError

log = get_plugin_logger(__name__)


def on_files(files, config):
    session.current().deck.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    return files


def on_page_content(html, page, config, files):
    s = session.current()
    return deck_site.page_content(s.course, s.deck.slides, html, page.file.src_uri, page.url)


def on_post_build(config):
    s = session.current()
    started = time.perf_counter()
    ctx = deck_site.DeckContext(s.course, s.deck.urls, s.book.policy.audience == "trainee", s.version)
    try:
        written = deck_site.write_decks(config.site_dir, s.deck.slides, ctx)
    except SourceError as exc:
        raise PluginError(f"deck: {exc}") from None
    log.info("deck: wrote %d files (%d module decks) in %.2f s", len(written), len(s.course.modules), time.perf_counter() - started)
