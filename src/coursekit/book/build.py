"""What one build of the exercise book and the instructor guide does per MkDocs event (``hooks/book.py``
translates the events; the pages themselves come from :mod:`coursekit.book.pages`)."""

from __future__ import annotations

from logging import Logger
from typing import Any

from coursekit.book import images as book_images
from coursekit.book import lab_archives
from coursekit.book import pages as book
from coursekit.course import audience_filter, version
from coursekit.site.session import Session


def configure(s: Session, config: Any) -> None:
    """``on_config`` (MkDocs' config, by its attributes): the audience policy, the archives' date, the
    course version, the demo ids; the template variables (overrides/partials/copyright.html); the
    trainee build's nav."""
    b = s.book
    b.epoch = lab_archives.source_epoch()
    b.policy = audience_filter.policy(s.switches.audience, s.options.trainee_solutions)
    s.version = version.course_version(s.root)
    b.demo_ids = {e.id for e in book.guide_demos(s.course)}
    config.extra["course_version"] = s.version
    config.extra["course_audience"] = b.policy.audience
    if b.policy.audience == "trainee":
        config.nav = trainee_nav(s, config.nav)


def trainee_nav(s: Session, nav: list) -> list:
    """The navigation without the demo pages and the instructor guide (trainee builds)."""
    removed = {e.src_uri for e in s.course.exercises.values() if e.id in s.book.demo_ids} | {book.GUIDE_START}
    nav = audience_filter.filter_nav(nav or [], removed)
    return [item for item in nav if not (isinstance(item, dict) and "Instructor guide" in item)]


def lab_archives_of(s: Session, lab_items: list[tuple[str, str]], with_guide: bool) -> list[lab_archives.Archive]:
    """The reproducible lab archives of the exercises in this variant (``lab_items``: (src URI, path) of
    every file under ``exercises/``); ``with_guide``: starts the guide's image list in the build's worker."""
    b = s.book
    lab_files = [lf for lf in lab_archives.lab_files_from_uris(lab_items) if lf.exercise in s.course.exercises]
    archives = lab_archives.build_archives(lab_files, b.epoch)
    b.archives = {archive.uri: archive for archive in archives}
    b.with_solutions = any(lf.part == "solution" for lf in lab_files)
    # The image list reads every exercise with the validators' parsers: in the build's worker, while
    # the other pages render (serve computes it when the guide is rendered: a dirty rebuild may not).
    if with_guide:
        shown = [(lf.exercise, f"exercises/{lf.exercise}/{lf.part}/{lf.rel}", lf.abs_path) for lf in lab_files]
        b.images = book_images.Background(s.course, s.root, shown, s.worker())
    return archives


def instructor_only(s: Session, src_uri: str) -> bool:
    """``on_files``: a site file a trainee build must not contain."""
    return audience_filter.is_instructor_file(src_uri, s.book.demo_ids, s.book.policy)


def generated_files(s: Session, sources: list[tuple[str, str | None]], with_guide: bool) -> list[tuple[str, str | bytes, bool]]:
    """``on_files``: ``(uri, content, in the nav)`` of the lab archives, the book's start page unless
    ``sources`` (src URI, path of every site file) has one, and the print page."""
    lab_items = [(uri, path) for uri, path in sources if uri.startswith("exercises/") and path]
    generated = [(archive.uri, archive.content, False) for archive in lab_archives_of(s, lab_items, with_guide)]
    if book.BOOK_START not in {uri for uri, _ in sources}:
        generated.append((book.BOOK_START, book.DEFAULT_BOOK_START, True))
    return [*generated, (book.PRINT_PAGE, print_markdown(s), False)]


def print_markdown(s: Session) -> str:
    edition = "" if s.book.policy.audience == "instructor" else ", trainee edition"
    return book.PRINT_MARKDOWN.format(title=s.course.title, version=s.version, edition=edition)


def page_markdown(s: Session, markdown: str, src: str, site_url: str, meta: dict, log: Logger) -> str:
    """A page's Markdown for this build (instructor-only parts out; the book's and the guide's
    generated parts in).  ``meta`` is the page's front matter."""
    markdown, warning = _page_markdown(s, markdown, src, site_url, meta)
    if warning:
        log.warning(warning)  # fails a strict build; serve keeps going
    return markdown


def _page_markdown(s: Session, markdown: str, src: str, site_url: str, meta: dict) -> tuple[str, str | None]:
    """:func:`page_markdown`, and a warning to log, if any."""
    course, b = s.course, s.book
    markdown = audience_filter.filter_markdown(markdown, b.policy)
    ex = book.by_src(course).get(src)
    if ex is not None:
        archive = f"{lab_archives.DOWNLOADS_DIR}/{ex.id}.zip"
        # The book's own pager replaces Material's footer links (which follow the nav, not the book).
        meta["hide"] = sorted({*meta.get("hide", []), "footer"})
        return book.exercise_markdown(markdown, course, ex, book.PageLinks(archive if archive in b.archives else None)), None
    if src == book.BOOK_START:
        return book.book_start_markdown(markdown, course, book.Downloads(site_url, bool(b.archives), b.with_solutions)), None
    if src != book.GUIDE_START:
        return markdown, None
    notes = {}
    for m in course.modules:
        with open(m.abs_path, encoding="utf-8-sig") as fh:
            notes[m.id] = book.count_notes(fh.read())
    markdown = book.guide_start_markdown(markdown, course, notes)
    warning = None
    try:
        images = book_images.image_list_markdown(b.images.result(), book.GUIDE_START)
    except (AttributeError, RuntimeError) as exc:
        warning = f"course: the guide's image list could not be computed: {exc}"
        images = "*The list of images could not be computed (see the build log).*"
    return book.place_image_list(markdown, images), warning


def page_content(s: Session, html: str, src: str, toc) -> str:
    """Instructor-only HTML out (``toc``: the page's table of contents, pruned too); an exercise's
    checkpoints tagged and labelled by their text, its HTML kept for the print page."""
    html = audience_filter.filter_html(html, s.book.policy, toc)
    ex = book.by_src(s.course).get(src)
    if ex is not None:
        html, ids = book.tag_tasks(html)
        s.book.tasks[ex.id] = ids
    html = book.label_tasks(html)
    if ex is not None:
        s.book.print_sections[ex.id] = html
    return html


def post_page(s: Session, output: str, src: str) -> str:
    """Checkpoint ids on the book's index; the print page's sections."""
    b = s.book
    if src == book.BOOK_START:
        return book.fill_task_placeholders(output, b.tasks)
    if src == book.PRINT_PAGE:
        url = book.page_url(book.PRINT_PAGE)
        sections = [book.print_section(ex, b.print_sections[ex.id], url) for ex in book.book_exercises(s.course) if ex.id in b.print_sections]
        return book.fill_print_page(output, sections)
    return output


def trainee_leaks(s: Session, site_dir: str) -> str | None:
    """``on_post_build``: the message that fails a trainee build containing instructor-only content, or None."""
    pol = s.book.policy
    leaks = audience_filter.scan_for_leaks(site_dir, [], pol.drop_solutions) if pol.audience == "trainee" else []
    return "course: the trainee build contains instructor-only content:\n  " + "\n  ".join(leaks[:20]) if leaks else None
