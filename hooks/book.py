"""MkDocs hook: the exercise book, the instructor guide, lab file archives, audience builds, version.

Thin adapter over ``coursekit.book.build`` (what each event does), ``coursekit.book.pages`` (the
generated pages) and ``coursekit.course.audience_filter`` (trainee builds).  Runs after
``hooks/course_sources.py`` except for ``on_page_markdown``, which runs first so that
instructor-only blocks are gone before any other hook expands them.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

import coursekit.book.build as book_build
import coursekit.book.pages as book
import coursekit.course.audience_filter as audience_filter
import coursekit.site.session as session
from coursekit.errors import SourceError

log = get_plugin_logger(__name__)


def on_config(config):
    s = session.current()
    try:
        book_build.configure(s)
    except SourceError as exc:
        raise PluginError(f"course: {exc}") from None
    # Template variables (overrides/partials/copyright.html).
    config.extra["course_version"] = s.version
    config.extra["course_audience"] = s.book.policy.audience
    if s.book.policy.audience == "trainee":
        config.nav = book_build.trainee_nav(s, config.nav)
    return config


def on_files(files, config):
    s = session.current()
    for f in list(files):
        if audience_filter.is_instructor_file(f.src_uri, s.book.demo_ids, s.book.policy):
            files.remove(f)
    guide = files.get_file_from_path(book.GUIDE_START)
    lab_items = [(f.src_uri, f.abs_src_path) for f in files if f.src_uri.startswith("exercises/") and f.abs_src_path]
    try:
        archives = book_build.lab_archives_of(s, lab_items, with_guide=guide is not None)
    except SourceError as exc:
        raise PluginError(f"course: {exc}") from None
    for archive in archives:
        files.append(File.generated(config, archive.uri, content=archive.content, inclusion=InclusionLevel.NOT_IN_NAV))
    if guide is not None:  # last: its image list is computed while the other pages render
        files.remove(guide)
        files.append(guide)
    if files.get_file_from_path(book.BOOK_START) is None:
        files.append(File.generated(config, book.BOOK_START, content=book.DEFAULT_BOOK_START))
    files.append(File.generated(config, book.PRINT_PAGE, content=book_build.print_markdown(s), inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(50)  # before course_sources expands /// demo cards
def on_page_markdown(markdown, page, config, files):
    markdown, warning = book_build.page_markdown(session.current(), markdown, page.file.src_uri, config.site_url or "", page.meta)
    if warning:
        log.warning(warning)  # fails a strict build; serve keeps going
    return markdown


def on_page_content(html, page, config, files):
    return book_build.page_content(session.current(), html, page.file.src_uri, page.toc)


def on_post_page(output, page, config):
    return book_build.post_page(session.current(), output, page.file.src_uri)


def on_post_build(config):
    pol = session.current().book.policy
    leaks = audience_filter.scan_for_leaks(config.site_dir, [], pol.drop_solutions) if pol.audience == "trainee" else []
    if leaks:
        raise PluginError("course: the trainee build contains instructor-only content:\n  " + "\n  ".join(leaks[:20]))
