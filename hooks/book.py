"""MkDocs hook: the exercise book, the instructor guide, lab file archives, audience builds, version.

Thin adapter over ``coursekit.book`` (pages), ``coursekit.lab_archives``
(reproducible zips/tarballs), ``coursekit.audience_filter`` (trainee builds) and
``coursekit.version``.  Runs after ``hooks/course_sources.py`` except for
``on_page_markdown``, which runs first so that instructor-only blocks are gone
before any other hook expands them.
"""

from __future__ import annotations

import os

import coursekit.audience_filter as audience_filter
import coursekit.book as book
import coursekit.book_images as book_images
import coursekit.lab_archives as lab_archives
import coursekit.version as version
from coursekit.errors import SourceError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

log = get_plugin_logger(__name__)
_state: dict = {}
_command = {"name": "build"}


def on_startup(command, dirty):
    _command["name"] = command


def _fail(exc: SourceError) -> PluginError:
    return PluginError(f"course: {exc}")


def on_config(config):
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    course = config.extra["course_model"]
    try:
        pol = audience_filter.policy(config.extra.get("course"))
        epoch = lab_archives.source_epoch()
    except SourceError as exc:
        raise _fail(exc) from None
    course_version = version.course_version(root)
    demo_ids = {e.id for e in book.guide_demos(course)}
    # Tasks and print sections are kept across the rebuilds of `mkdocs serve --dirty`, which
    # renders changed exercise pages only (a full build overwrites every entry).
    kept = {key: _state.get(key, {}) for key in ("tasks", "print_sections")}
    _state.clear()
    _state.update(root=root, course=course, policy=pol, epoch=epoch, demo_ids=demo_ids, archives={}, version=course_version, **kept)
    config.extra["course_version"] = course_version
    config.extra["course_audience"] = pol.audience
    if pol.audience == "trainee":
        removed = {e.src_uri for e in course.exercises.values() if e.id in demo_ids} | {book.GUIDE_START}
        config.nav = audience_filter.filter_nav(config.nav or [], removed)
        config.nav = [item for item in config.nav if not (isinstance(item, dict) and "Instructor guide" in item)]
    return config


def on_files(files, config):
    pol = _state["policy"]
    course = _state["course"]
    for f in list(files):
        if audience_filter.is_instructor_file(f.src_uri, _state["demo_ids"], pol):
            files.remove(f)
    # Exercises of other variants are not in the course model: leave their lab files out too.
    lab_items = [(f.src_uri, f.abs_src_path) for f in files if f.src_uri.startswith("exercises/") and f.abs_src_path]
    try:
        lab_files = [lf for lf in lab_archives.lab_files_from_uris(lab_items) if lf.exercise in course.exercises]
        archives = lab_archives.build_archives(lab_files, _state["epoch"])
    except SourceError as exc:
        raise _fail(exc) from None
    for archive in archives:
        _state["archives"][archive.uri] = archive
        files.append(File.generated(config, archive.uri, content=archive.content, inclusion=InclusionLevel.NOT_IN_NAV))
    _state["with_solutions"] = any(lf.part == "solution" for lf in lab_files)
    guide = files.get_file_from_path(book.GUIDE_START)
    if guide is not None:
        # The guide's image list reads every exercise with the validators' parsers: in a worker, while the
        # other pages render; the guide goes last in the files (pages are read and rendered in that order).
        shown = [(lf.exercise, f"exercises/{lf.exercise}/{lf.part}/{lf.rel}", lf.abs_path) for lf in lab_files]
        # `mkdocs serve` computes it when the guide is rendered (a dirty rebuild may not render it at all).
        _state["images"] = book_images.Background(course, _state["root"], shown, sync=_command["name"] == "serve")
        files.remove(guide)
        files.append(guide)
    if files.get_file_from_path(book.BOOK_START) is None:
        files.append(File.generated(config, book.BOOK_START, content=book.DEFAULT_BOOK_START))
    edition = "" if pol.audience == "instructor" else ", trainee edition"
    print_md = book.PRINT_MARKDOWN.format(title=course.title, version=_state["version"], edition=edition)
    files.append(File.generated(config, book.PRINT_PAGE, content=print_md, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(50)  # before course_sources expands /// demo cards
def on_page_markdown(markdown, page, config, files):
    pol = _state["policy"]
    course = _state["course"]
    src = page.file.src_uri
    markdown = audience_filter.filter_markdown(markdown, pol)
    ex = book.by_src(course).get(src)
    if ex is not None:
        archive = f"{lab_archives.DOWNLOADS_DIR}/{ex.id}.zip"
        links = book.PageLinks(archive if archive in _state["archives"] else None)
        # The book's own pager replaces Material's footer links (which follow the nav, not the book).
        page.meta["hide"] = sorted({*page.meta.get("hide", []), "footer"})
        return book.exercise_markdown(markdown, course, ex, links)
    if src == book.BOOK_START:
        dl = book.Downloads(config.site_url or "", bool(_state["archives"]), _state.get("with_solutions", False))
        return book.book_start_markdown(markdown, course, dl)
    if src == book.GUIDE_START:
        notes = {}
        for m in course.modules:
            with open(m.abs_path, encoding="utf-8-sig") as fh:
                notes[m.id] = book.count_notes(fh.read())
        markdown = book.guide_start_markdown(markdown, course, notes)
        try:
            images = book_images.image_list_markdown(_state["images"].result(), book.GUIDE_START)
        except (KeyError, RuntimeError) as exc:  # a warning fails a strict build; serve keeps going
            log.warning("course: the guide's image list could not be computed: %s", exc)
            images = "*The list of images could not be computed (see the build log).*"
        return book.place_image_list(markdown, images)
    return markdown


def on_page_content(html, page, config, files):
    pol = _state["policy"]
    html = audience_filter.filter_html(html, pol, page.toc)
    ex = book.by_src(_state["course"]).get(page.file.src_uri)
    if ex is not None:
        html, ids = book.tag_tasks(html)
        _state["tasks"][ex.id] = ids
    html = book.label_tasks(html)
    if ex is not None:
        _state["print_sections"][ex.id] = html
    return html


def on_post_page(output, page, config):
    src = page.file.src_uri
    if src == book.BOOK_START:
        return book.fill_task_placeholders(output, _state["tasks"])
    if src == book.PRINT_PAGE:
        course = _state["course"]
        print_url = book.page_url(book.PRINT_PAGE)
        sections = [
            book.print_section(ex, _state["print_sections"][ex.id], print_url) for ex in book.book_exercises(course) if ex.id in _state["print_sections"]
        ]
        return book.fill_print_page(output, sections)
    return output


def on_post_build(config):
    pol = _state["policy"]
    if pol.audience != "trainee":
        return
    leaks = audience_filter.scan_for_leaks(config.site_dir, [], pol.drop_solutions)
    if leaks:
        raise PluginError("course: the trainee build contains instructor-only content:\n  " + "\n  ".join(leaks[:20]))
