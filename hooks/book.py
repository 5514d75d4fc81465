"""MkDocs hook: the exercise book, the instructor guide, lab file archives, audience builds, version
(thin adapter over ``coursekit.book.build``).  Runs after ``hooks/course_sources.py`` except for
``on_page_markdown``, which runs first: instructor-only blocks go before any other hook expands them."""

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

import coursekit.book.build as book_build
import coursekit.book.pages as book
import coursekit.site.session as session
from coursekit.errors import SourceError

log = get_plugin_logger(__name__)


def _course(call, *args):
    try:
        return call(*args)
    except SourceError as exc:
        raise PluginError(f"course: {exc}") from None


def on_config(config):
    _course(book_build.configure, session.current(), config)
    return config


def on_files(files, config):
    s = session.current()
    for f in [f for f in files if book_build.instructor_only(s, f.src_uri)]:
        files.remove(f)
    guide = files.get_file_from_path(book.GUIDE_START)
    if guide is not None:  # last of the pages: its image list is computed while the other pages render
        files.remove(guide)
        files.append(guide)
    sources = [(f.src_uri, f.abs_src_path) for f in files]
    for uri, content, in_nav in _course(book_build.generated_files, s, sources, guide is not None):
        files.append(File.generated(config, uri, content=content, inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(50)  # before course_sources expands /// demo cards
def on_page_markdown(markdown, page, config, files):
    return book_build.page_markdown(session.current(), markdown, page.file.src_uri, config.site_url or "", page.meta, log)


def on_page_content(html, page, config, files):
    return book_build.page_content(session.current(), html, page.file.src_uri, page.toc)


def on_post_page(output, page, config):
    return book_build.post_page(session.current(), output, page.file.src_uri)


def on_post_build(config):
    leaks = book_build.trainee_leaks(session.current(), config.site_dir)
    if leaks:
        raise PluginError(leaks)
